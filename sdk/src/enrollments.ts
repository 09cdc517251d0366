import type { Database } from "@gatherhub/contract";
import { type CancelOutcome, type EnrollOutcome, enrollmentRequest } from "@gatherhub/contract";
import { fail, fromPostgrest, invalidInput, ok, type Result } from "./errors.ts";
import type { Context } from "./types.ts";

export type EnrollmentStatus = Database["public"]["Enums"]["enrollment_status"];
export type MyEnrollment = Database["public"]["Views"]["my_enrollments"]["Row"];
export type { CancelOutcome, EnrollOutcome };

export function enrollmentsApi(ctx: Context) {
  return {
    /**
     * Enrolls the caller, or waitlists them when full (status "waitlisted" with a position). One
     * PostgREST call (rpc/enroll): the same rules, refusals and write limit as the enrollments
     * function, without its extra hop.
     */
    async enroll(eventId: string): Promise<Result<EnrollOutcome>> {
      const parsed = enrollmentRequest.safeParse({ event_id: eventId });
      if (!parsed.success) return invalidInput("The event id is invalid.", parsed.error);
      const { data, error, status } = await ctx.supabase.rpc("enroll", parsed.data);
      return error ? fail(fromPostgrest(error, status)) : ok(data as unknown as EnrollOutcome);
    },

    /** Gives the seat (or waitlist place) back; the first waitlisted person gets a freed seat (rpc/cancel_enrollment). */
    async cancel(eventId: string): Promise<Result<CancelOutcome>> {
      const parsed = enrollmentRequest.safeParse({ event_id: eventId });
      if (!parsed.success) return invalidInput("The event id is invalid.", parsed.error);
      const { data, error, status } = await ctx.supabase.rpc("cancel_enrollment", parsed.data);
      return error ? fail(fromPostgrest(error, status)) : ok(data as unknown as CancelOutcome);
    },

    /** The caller's enrollments, optionally by status and upcoming/past. */
    async mine(filter: { status?: EnrollmentStatus; timeframe?: "upcoming" | "past" } = {}): Promise<Result<MyEnrollment[]>> {
      let query = ctx.supabase.from("my_enrollments").select("*");
      if (filter.status) query = query.eq("status", filter.status);
      if (filter.timeframe) query = query.eq("timeframe", filter.timeframe);
      const { data, error, status } = await query.order("starts_at", { ascending: filter.timeframe !== "past" });
      return error ? fail(fromPostgrest(error, status)) : ok(data ?? []);
    },
  };
}
