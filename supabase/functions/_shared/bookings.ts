// Booking steps shared by the payments and stripe-webhook functions: calls to the booking SQL
// functions (service role) and the refund that keeps "no paid booking without a seat" true.
import type { SupabaseClient } from "@supabase/supabase-js";
import { HttpError } from "./errors.ts";
import type { Stripe } from "./stripe.ts";

export interface Booking {
  id: string;
  user_id: string;
  session_id: string;
  status: "pending" | "confirmed" | "cancelled" | "refunded" | "expired";
  amount_minor: number;
  currency: string;
  stripe_payment_intent_id: string | null;
  stripe_refund_id: string | null;
  hold_expires_at: string | null;
  confirmed_at: string | null;
  cancel_reason: string | null;
}

// SQLSTATEs raised by the booking functions, as HTTP errors.
const sqlErrors: Record<string, [number, string]> = {
  P0002: [404, "not_found"],
  GH409: [409, "session_full"],
  GH410: [409, "session_started"],
  GH411: [409, "not_cancellable"],
  "23505": [409, "already_booked"],
  "42501": [403, "forbidden"],
};

export async function callBookingFunction<T>(db: SupabaseClient, name: string, args: Record<string, unknown>): Promise<T> {
  const { data, error, status } = await db.rpc(name, args);
  if (error) {
    const known = sqlErrors[error.code ?? ""];
    if (known) throw new HttpError(known[0], known[1], error.message);
    // PostgREST refused the arguments (a malformed value in a signed Stripe event, say): no retry helps.
    if (status >= 400 && status < 500) throw new HttpError(422, "unprocessable", "The booking data is invalid.", { reason: error.message });
    throw new HttpError(502, "unavailable", "The booking could not be changed.", { reason: error.message });
  }
  return data as T;
}

export async function readBooking(db: SupabaseClient, id: string): Promise<Booking> {
  const { data, error } = await db.from("bookings").select("*").eq("id", id).single();
  if (error) throw new HttpError(502, "unavailable", "Could not read the booking.", { reason: error.message });
  return data as Booking;
}

/** Refunds a booking's payment in full (idempotent per booking) and records the refund. */
export async function refundBooking(db: SupabaseClient, stripe: Stripe, bookingId: string, paymentIntentId: string): Promise<string> {
  const refund = await stripe.refunds.create(
    { payment_intent: paymentIntentId, metadata: { booking_id: bookingId } },
    { idempotencyKey: `booking-${bookingId}-refund-${paymentIntentId}` },
  );
  return callBookingFunction<string>(db, "mark_booking_refunded", { p_booking_id: bookingId, p_refund_id: refund.id });
}
