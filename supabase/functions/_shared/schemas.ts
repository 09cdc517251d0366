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
