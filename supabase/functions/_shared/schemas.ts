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

// Events and enrollment ------------------------------------------------------------------------

export const enrollmentRequest = z.object({ event_id: z.uuid() }).strict();
export type EnrollmentRequest = z.infer<typeof enrollmentRequest>;

const ianaZone = z.string().refine(
  (tz) => {
    if (tz !== "UTC" && !tz.includes("/")) return false;
    try {
      new Intl.DateTimeFormat("en", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: "Use an IANA timezone name such as Europe/Amsterdam." },
);

export const eventInput = z
  .object({
    title: z.string().trim().min(3).max(140),
    description: z.string().max(10000).optional(),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, "Use a language code such as en or pt-BR.")
      .optional(),
    location: z.string().max(200).optional(),
    online_url: z
      .url({ protocol: /^https?$/ })
      .max(500)
      .nullable()
      .optional(),
    starts_at: z.iso.datetime({ offset: true }).nullable().optional(),
    ends_at: z.iso.datetime({ offset: true }).nullable().optional(),
    timezone: ianaZone.optional(),
    capacity: z.number().int().positive().nullable().optional(),
    tags: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
  })
  .strict()
  .refine((e) => !e.starts_at || !e.ends_at || Date.parse(e.ends_at) > Date.parse(e.starts_at), {
    message: "ends_at must be after starts_at",
    path: ["ends_at"],
  });
export type EventInput = z.infer<typeof eventInput>;
export const eventPatch = z
  .object({
    title: z.string().trim().min(3).max(140),
    description: z.string().max(10000),
    language: z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, "Use a language code such as en or pt-BR."),
    location: z.string().max(200),
    online_url: z
      .url({ protocol: /^https?$/ })
      .max(500)
      .nullable(),
    starts_at: z.iso.datetime({ offset: true }).nullable(),
    ends_at: z.iso.datetime({ offset: true }).nullable(),
    timezone: ianaZone,
    capacity: z.number().int().positive().nullable(),
    tags: z.array(z.string().trim().min(1).max(40)).max(20),
    /** How long before the start check-in opens, as an interval ("2 hours", "1 day"); 0 to 7 days. */
    checkin_opens_before: z
      .string()
      .max(40)
      .regex(/^[0-9a-z :.]+$/, "Use an interval such as 2 hours."),
  })
  .partial()
  .strict();
export type EventPatch = z.infer<typeof eventPatch>;

export const eventSearch = z
  .object({
    q: z.string().max(200),
    location: z.string().max(200),
    language: z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/),
    startsAfter: z.iso.datetime({ offset: true }),
    startsBefore: z.iso.datetime({ offset: true }),
    organizer: z.uuid(),
    tags: z.array(z.string().min(1).max(40)).max(20),
    hasFreeSpots: z.boolean(),
    timeframe: z.enum(["upcoming", "past", "all"]),
    orderBy: z.enum(["starts_at", "created_at", "title", "relevance"]),
    ascending: z.boolean(),
    pageSize: z.number().int().min(1).max(100),
    page: z.number().int().min(1).max(10000),
  })
  .partial()
  .strict();
export type EventSearch = z.infer<typeof eventSearch>;
// Paid sessions ------------------------------------------------------------------------------------

export const imageTypes = ["image/png", "image/jpeg", "image/webp"] as const;
export type ImageType = (typeof imageTypes)[number];

/** An image file as storage buckets accept it; maxBytes matches the bucket row's file_size_limit. */
export function imageFile(maxBytes: number) {
  return z.object({
    name: z.string().trim().min(1).max(200),
    type: z.enum(imageTypes, { message: "Use a PNG, JPEG or WebP image." }),
    size: z
      .number()
      .int()
      .positive()
      .max(maxBytes, { message: `Images are at most ${maxBytes / 1024 / 1024} MiB.` }),
  });
}

/** Same limit as the session-images bucket row. */
export const sessionImageMaxBytes = 5 * 1024 * 1024;
export const sessionImage = imageFile(sessionImageMaxBytes);
export type SessionImage = z.infer<typeof sessionImage>;

/** Same limit as the avatars bucket row. */
export const avatarMaxBytes = 2 * 1024 * 1024;
export const avatarImage = imageFile(avatarMaxBytes);

const sessionFields = z.object({
  title: z.string().trim().min(1).max(120),
  description: z.string().max(5000),
  price_minor: z.number().int().min(0).max(100_000_000),
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/, { message: "Use a three-letter ISO 4217 code." })
    .transform((c) => c.toLowerCase()),
  duration_minutes: z.number().int().min(5).max(1440),
  location: z.string().trim().min(1).max(300).nullable(),
  online_url: z
    .url({ protocol: /^https$/ })
    .max(500)
    .nullable(),
  starts_at: z.iso.datetime({ offset: true }),
  capacity: z.number().int().min(1).max(10_000),
  image_path: z.string().max(300).nullable(),
  published: z.boolean(),
});

export const sessionCreate = sessionFields
  .partial({ description: true, location: true, online_url: true, image_path: true, published: true })
  .strict()
  .refine((v) => Boolean(v.location || v.online_url), { message: "Give a location or an online URL.", path: ["location"] });
export type SessionCreate = z.input<typeof sessionCreate>;

export const sessionUpdate = sessionFields
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: "Give at least one field to change." });
export type SessionUpdate = z.input<typeof sessionUpdate>;

export const bookingCreate = z.object({ session_id: z.uuid() }).strict();
export type BookingCreate = z.infer<typeof bookingCreate>;

export const bookingCancel = z.object({ booking_id: z.uuid() }).strict();
export type BookingCancel = z.infer<typeof bookingCancel>;
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

/** Ticket codes as issued by the database: gh1.<32 hex id>.<32 hex signature>. */
export const ticketCode = z.string().regex(/^gh1\.[0-9a-f]{32}\.[0-9a-f]{32}$/, "not a ticket code");

/** A door scan: the code and the one event or session being checked in. */
export const checkInRequest = z
  .object({ code: ticketCode, event_id: z.uuid().optional(), session_id: z.uuid().optional() })
  .strict()
  .refine((r) => (r.event_id === undefined) !== (r.session_id === undefined), {
    message: "name exactly one of event_id and session_id",
    path: ["event_id"],
  });
export type CheckInRequest = z.infer<typeof checkInRequest>;

/** A recurring series: an RRULE value (FREQ=WEEKLY|MONTHLY subset, checked again in SQL) and a template. */
const seriesFields = {
  rrule: z
    .string()
    .max(200)
    .regex(/^[A-Z]+=[^;=]+(;[A-Z]+=[^;=]+)*$/, "Use an RRULE value such as FREQ=WEEKLY;BYDAY=TU;COUNT=10."),
  timezone: ianaZone,
  starts_at_local: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, "Use a local time such as 19:00."),
  duration: z
    .string()
    .max(40)
    .regex(/^[0-9a-z :.]+$/, "Use an interval such as 2 hours or 01:30."),
  title: z.string().trim().min(3).max(140),
  description: z.string().max(10000),
  language: z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, "Use a language code such as en or pt-BR."),
  location: z.string().max(200),
  capacity: z.number().int().positive().nullable(),
  tags: z.array(z.string().trim().min(1).max(40)).max(20),
  horizon: z
    .string()
    .max(40)
    .regex(/^[0-9a-z :.]+$/, "Use an interval such as 90 days."),
};
export const seriesCreate = z
  .object({ ...seriesFields, first_starts_on: z.iso.date() })
  .partial({ description: true, language: true, location: true, capacity: true, tags: true, horizon: true })
  .strict();
export type SeriesCreate = z.infer<typeof seriesCreate>;
export const seriesUpdate = z
  .object(seriesFields)
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: "Give at least one field to change." });
export type SeriesUpdate = z.infer<typeof seriesUpdate>;
