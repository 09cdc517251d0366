// POST /functions/v1/checkin {code, event_id | session_id} → 200 {status: "checked_in" | "already_checked_in", checked_in_at, attendee}
// Errors: 400 invalid input, 401 no user, 403 not an organizer of that event / creator of that
// session, 404 unknown ticket, 409 ticket for another event, 422 forged / cancelled / waitlisted /
// not confirmed / event cancelled / check-in not open yet (details.opens_at). Every rule is in
// private.check_in, one atomic call: concurrent scans of one code check it in exactly once.

import { checkInRequest } from "@gatherhub/contract";
import { requireUser } from "../_shared/auth.ts";
import { preflight } from "../_shared/cors.ts";
import { db, type Refusals, refuse } from "../_shared/db.ts";
import { HttpError, json, withErrors } from "../_shared/errors.ts";
import { readJson } from "../_shared/http.ts";

const outcomes: Refusals = {
  not_organizer: [403, "forbidden", "Only the organizers of this event (or the creator of this session) can check people in."],
  ticket_malformed: [400, "invalid_input", "This is not a ticket code."],
  ticket_forged: [422, "unprocessable", "This ticket code is forged: its signature is wrong."],
  ticket_unknown: [404, "not_found", "No ticket has this code."],
  ticket_other_event: [409, "conflict", "This ticket is for another event or session."],
  ticket_cancelled: [422, "unprocessable", "This enrollment or booking was cancelled."],
  ticket_waitlisted: [422, "unprocessable", "This person is on the waitlist, not enrolled."],
  ticket_not_confirmed: [422, "unprocessable", "This booking is not confirmed."],
  event_cancelled: [422, "unprocessable", "This event was cancelled."],
  checkin_not_open: [422, "unprocessable", "Check-in is not open yet."],
};

Deno.serve(
  withErrors(async (req) => {
    const early = preflight(req);
    if (early) return early;
    if (req.method !== "POST") throw new HttpError(405, "method_not_allowed", "Use POST /checkin.");
    const user = await requireUser(req);
    const scan = await readJson(req, checkInRequest);
    // Service-role connection: the scanner is passed explicitly and private.check_in decides
    // whether they organize the event; it never trusts anything else from the request.
    const [row] =
      await db()`select private.check_in(${scan.code}, ${scan.event_id ?? null}::uuid, ${scan.session_id ?? null}::uuid, ${user.id}::uuid) as result`.catch(
        (err) => refuse(err, outcomes),
      );
    return json(row?.result, 200);
  }),
);
