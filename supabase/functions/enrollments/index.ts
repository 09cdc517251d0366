// POST /functions/v1/enrollments {event_id}      → 201 enrolled | 202 waitlisted (with position)
// DELETE /functions/v1/enrollments/<event_id>    → 200 cancelled
// Errors: 400 invalid input, 401 no user, 404 unknown (or invisible) event, 409 already enrolled,
// 422 draft / cancelled / past event. Seats change only inside private.enroll/cancel_enrollment.

import { enrollmentRequest } from "@gatherhub/contract";
import { requireUser } from "../_shared/auth.ts";
import { preflight } from "../_shared/cors.ts";
import { db, type Refusals, refuse } from "../_shared/db.ts";
import { HttpError, json, withErrors } from "../_shared/errors.ts";
import { readJson, validate } from "../_shared/http.ts";
import { limitWrites } from "../_shared/rate-limit.ts";
import { userClient } from "../_shared/supabase.ts";

const outcomes: Refusals = {
  event_not_found: [404, "not_found", "No such event."],
  not_enrolled: [404, "not_found", "You are not enrolled in this event."],
  already_enrolled: [409, "conflict", "You are already enrolled or waitlisted for this event."],
  event_draft: [422, "unprocessable", "This event is not published yet."],
  event_cancelled: [422, "unprocessable", "This event was cancelled."],
  event_past: [422, "unprocessable", "This event has already started."],
};

/** The event must be visible to the caller (RLS): drafts of others do not exist for them. */
async function assertVisible(req: Request, eventId: string): Promise<void> {
  const { data, error } = await userClient(req).from("events").select("id").eq("id", eventId).maybeSingle();
  if (error) throw new HttpError(503, "unavailable", "Could not read the event; try again.");
  if (!data) throw new HttpError(404, "not_found", "No such event.", { reason: "event_not_found" });
}

Deno.serve(
  withErrors(async (req) => {
    const early = preflight(req);
    if (early) return early;
    const path = new URL(req.url).pathname.replace(/^\/enrollments\/?/, "");

    if (req.method === "POST" && path === "") {
      const user = await requireUser(req);
      await limitWrites(user.id, user.role);
      const { event_id } = await readJson(req, enrollmentRequest);
      await assertVisible(req, event_id);
      const [row] = await db()`select private.enroll(${event_id}::uuid, ${user.id}::uuid) as result`.catch((err) => refuse(err, outcomes));
      const result = row?.result as { status: "enrolled" | "waitlisted"; position: number | null };
      return json(result, result.status === "enrolled" ? 201 : 202);
    }

    if (req.method === "DELETE") {
      const user = await requireUser(req);
      await limitWrites(user.id, user.role);
      const { event_id } = validate(enrollmentRequest, { event_id: path });
      await assertVisible(req, event_id);
      const [row] = await db()`select private.cancel_enrollment(${event_id}::uuid, ${user.id}::uuid) as result`.catch((err) =>
        refuse(err, outcomes),
      );
      return json(row?.result, 200);
    }

    throw new HttpError(405, "method_not_allowed", "Use POST /enrollments or DELETE /enrollments/<event_id>.");
  }),
);
