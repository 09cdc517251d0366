// Bookings: hold a seat and get what the client needs to pay (Stripe client secret), cancel
// before the start (paid bookings are refunded), list my bookings.
import { type BookingAnswer, bookingCancel, bookingCreate, type PaymentDetails } from "@gatherhub/contract";
import { fail, fromPostgrest, GatherHubError, invalidInput, ok, type Result } from "./errors.ts";
import type { Context, Enums, Tables } from "./types.ts";

export type Booking = Tables<"bookings">;
export type BookingStatus = Enums<"booking_status">;

export type { BookingAnswer, PaymentDetails };

export function bookingsApi(ctx: Context) {
  return {
    async book(sessionId: string): Promise<Result<BookingAnswer>> {
      const parsed = bookingCreate.safeParse({ session_id: sessionId });
      if (!parsed.success) return invalidInput("The booking is invalid.", parsed.error);
      return ctx.invoke("payments", { body: parsed.data });
    },

    async cancel(bookingId: string): Promise<Result<{ booking: Booking }>> {
      const parsed = bookingCancel.safeParse({ booking_id: bookingId });
      if (!parsed.success) return invalidInput("The cancellation is invalid.", parsed.error);
      return ctx.invoke("payments", { path: "/cancel", body: parsed.data });
    },

    /** The caller's own bookings, newest first, optionally of some statuses only. */
    async mine(statuses?: BookingStatus[]): Promise<Result<Booking[]>> {
      const userId = await ctx.currentUserId();
      if (!userId) return fail(new GatherHubError("unauthorized", "Sign in first.", 401));
      let query = ctx.supabase.from("bookings").select("*").eq("user_id", userId);
      if (statuses) query = query.in("status", statuses);
      const { data, error, status } = await query.order("created_at", { ascending: false });
      return error ? fail(fromPostgrest(error, status)) : ok(data);
    },
  };
}
