// Input schemas shared by the edge functions (Deno) and the SDK (Node/browser): one definition of
// what valid input is, so the SDK rejects bad input before a round trip and the function still
// rejects it when a client skips the SDK.
import { z } from "zod";

export const profileUpdate = z
  .object({
    display_name: z.string().trim().min(1).max(80),
    bio: z.string().max(2000),
    avatar_path: z.string().max(300).nullable(),
  })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: "Give at least one field to change." });
export type ProfileUpdate = z.infer<typeof profileUpdate>;

/** Field-by-field issues for the `details` of an invalid_input error. */
export function fieldErrors(error: z.ZodError): { field: string; message: string }[] {
  return error.issues.map((issue) => ({ field: issue.path.join(".") || "(body)", message: issue.message }));
}

// Planning: time slots, polls, tasks ------------------------------------------------------------
const instant = z.iso.datetime({ offset: true });
const laterThanStart = (v: { starts_at: string; ends_at?: string | null }) => !v.ends_at || Date.parse(v.ends_at) > Date.parse(v.starts_at);

export const slotProposal = z
  .object({ event_id: z.uuid(), starts_at: instant, ends_at: instant.nullable().optional() })
  .strict()
  .refine(laterThanStart, { message: "ends_at must be after starts_at", path: ["ends_at"] });
export type SlotProposal = z.input<typeof slotProposal>;

export const slotAnswer = z.enum(["yes", "if_need_be"]);
export type SlotAnswer = z.infer<typeof slotAnswer>;

export const pollInput = z
  .object({
    event_id: z.uuid(),
    question: z.string().trim().min(1).max(300),
    choice: z.enum(["single", "multiple"]).default("single"),
    closes_at: instant.nullable().optional(),
    options: z.array(z.string().trim().min(1).max(200)).min(2).max(20),
  })
  .strict()
  .refine((v) => new Set(v.options).size === v.options.length, { message: "Options must differ.", path: ["options"] });
export type PollInput = z.input<typeof pollInput>;

export const taskStatus = z.enum(["todo", "doing", "done"]);
export type TaskStatus = z.infer<typeof taskStatus>;

const taskFields = {
  title: z.string().trim().min(1).max(200),
  notes: z.string().max(5000),
  status: taskStatus,
  assignee_id: z.uuid().nullable(),
  due_at: instant.nullable(),
  position: z.number().int().min(-1_000_000).max(1_000_000),
};
export const taskInput = z
  .object({ event_id: z.uuid(), ...taskFields })
  .partial({ notes: true, status: true, assignee_id: true, due_at: true, position: true })
  .strict();
export type TaskInput = z.input<typeof taskInput>;

export const taskUpdate = z
  .object(taskFields)
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: "Give at least one field to change." });
export type TaskUpdate = z.input<typeof taskUpdate>;
