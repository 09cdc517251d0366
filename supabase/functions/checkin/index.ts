// POST /functions/v1/checkin {code, event_id | session_id} → 200 {status: "checked_in" | "already_checked_in", checked_in_at, attendee}
// Errors: 400 invalid input, 401 no user, 403 not an organizer of that event / creator of that
// session, 404 unknown ticket, 409 ticket for another event, 422 forged / cancelled / waitlisted /
// not confirmed / event cancelled / check-in not open yet (details.opens_at). One PostgREST call as
// the scanner: rpc/check_in takes the scanner from the verified token and every rule is in
// private.check_in, one atomic call, so concurrent scans of one code check it in exactly once.
import { type CheckInOutcome, checkInRequest } from "@gatherhub/contract";
import { call, json, route, serve } from "../_shared/frame.ts";

serve("checkin", [
  route({
    method: "POST",
    path: "/",
    auth: "user",
    input: checkInRequest,
    handler: async ({ supabase, input }) =>
      json(
        (await call(supabase, "check_in", {
          code: input.code,
          event_id: input.event_id,
          session_id: input.session_id,
        })) as unknown as CheckInOutcome,
      ),
  }),
]);
