// POST /functions/v1/enrollments {event_id}      → 201 enrolled | 202 waitlisted (with position)
// DELETE /functions/v1/enrollments/<event_id>    → 200 cancelled
// Errors: 400 invalid input, 401 no user, 404 unknown (or invisible) event, 409 already enrolled,
// 422 draft / cancelled / past event, 429 over the write limit. One PostgREST call as the caller:
// PostgREST verifies the token and counts the write, rpc/enroll checks visibility and takes the
// seat atomically (private.enroll), and its refusals come back through the contract's table.
import { type CancelOutcome, type EnrollOutcome, enrollmentRequest } from "@gatherhub/contract";
import { call, json, route, serve } from "../_shared/frame.ts";

serve("enrollments", [
  route({
    method: "POST",
    path: "/",
    auth: "user",
    input: enrollmentRequest,
    handler: async ({ supabase, input }) => {
      const result = (await call(supabase, "enroll", { event_id: input.event_id })) as unknown as EnrollOutcome;
      return json(result, result.status === "enrolled" ? 201 : 202);
    },
  }),
  route({
    method: "DELETE",
    path: "/:event_id",
    auth: "user",
    input: enrollmentRequest,
    handler: async ({ supabase, input }) =>
      json((await call(supabase, "cancel_enrollment", { event_id: input.event_id })) as unknown as CancelOutcome),
  }),
]);
