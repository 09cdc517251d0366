// @gatherhub/contract: what the SDK (Node, browsers) and the edge functions (Deno) agree on, in one
// place. Deno reaches it through each function's import map ("@gatherhub/contract"), Node through the
// npm workspace of the same name; the SDK's build bundles it, so the published package has no
// import outside itself. Nothing here may import a runtime-specific module.

export { type BucketId, buckets } from "./buckets.generated.ts";
export type { Database, Enums, Json, Tables, TablesInsert, TablesUpdate } from "./database.types.ts";
export { Constants } from "./database.types.ts";
export { type ApiError, apiErrorOf, type DatabaseError, type ErrorCode, type RefusalReason, refusals } from "./refusals.ts";
export type { BookingAnswer, CancelOutcome, CheckInOutcome, EnrollOutcome, MeAnswer, PaymentDetails } from "./responses.ts";
export {
  avatarImage,
  avatarMaxBytes,
  type BookingCancel,
  type BookingCreate,
  bookingCancel,
  bookingCreate,
  type CheckInRequest,
  checkInRequest,
  type EmailCategory,
  type EnrollmentRequest,
  type EventInput,
  type EventPatch,
  type EventSearch,
  emailCategories,
  enrollmentRequest,
  eventInput,
  eventPatch,
  eventSearch,
  fieldErrors,
  type ImageType,
  imageFile,
  type NotificationPreferencesUpdate,
  notificationPreferencesUpdate,
  type PollInput,
  type ProfileUpdate,
  pollInput,
  profileUpdate,
  type SeriesCreate,
  type SeriesUpdate,
  type SessionCreate,
  type SessionImage,
  type SessionUpdate,
  type SlotAnswer,
  type SlotProposal,
  seriesCreate,
  seriesUpdate,
  sessionCreate,
  sessionImage,
  sessionImageMaxBytes,
  sessionUpdate,
  slotAnswer,
  slotProposal,
  type TaskInput,
  type TaskStatus,
  type TaskUpdate,
  taskInput,
  taskStatus,
  taskUpdate,
  ticketCode,
} from "./schemas.ts";
