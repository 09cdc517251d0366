// Tickets and check-in: owners read their ticket codes (RLS: owner only); organizers check people
// in through the checkin function and read attendance from dashboard_attendance().

import type { Database } from "@gatherhub/contract";
import { type CheckInOutcome, type CheckInRequest, checkInRequest } from "@gatherhub/contract";
import { fail, fromPostgrest, invalidInput, ok, type Result } from "./errors.ts";
import type { Context } from "./types.ts";

export type Ticket = Database["public"]["Tables"]["tickets"]["Row"];
export type { CheckInOutcome };

export function ticketsApi(ctx: Context) {
  return {
    /** The caller's tickets (one per confirmed enrollment or booking) with their check-in time. */
    async mine(): Promise<Result<Ticket[]>> {
      const { data, error, status } = await ctx.supabase.from("tickets").select("*").order("created_at");
      return error ? fail(fromPostgrest(error, status)) : ok(data ?? []);
    },

    /** The caller's ticket for one enrollment or booking; null when there is none (not confirmed). */
    async forSubject(subject: { enrollment_id: string } | { booking_id: string }): Promise<Result<Ticket | null>> {
      const [column, id] = "enrollment_id" in subject ? ["enrollment_id", subject.enrollment_id] : ["booking_id", subject.booking_id];
      const { data, error, status } = await ctx.supabase.from("tickets").select("*").eq(column, id).maybeSingle();
      return error ? fail(fromPostgrest(error, status)) : ok(data);
    },

    /** Scans a code at the door of an event or session the caller organizes; idempotent. */
    async checkIn(scan: CheckInRequest): Promise<Result<CheckInOutcome>> {
      const parsed = checkInRequest.safeParse(scan);
      if (!parsed.success) return invalidInput("The scan is invalid.", parsed.error);
      return ctx.invoke<CheckInOutcome>("checkin", { method: "POST", body: parsed.data });
    },
  };
}
