// Booking steps shared by the payments and stripe-webhook functions: the row as the generated
// types describe it, and the refund that keeps "no paid booking without a seat" true. Booking state
// is service-role only: both callers pass ctx.admin.
import type { Tables } from "@gatherhub/contract";
import { call, type Db, HttpError } from "./frame.ts";
import type { Stripe } from "./stripe.ts";

export type Booking = Tables<"bookings">;

export async function readBooking(db: Db, id: string): Promise<Booking> {
  const { data, error } = await db.from("bookings").select("*").eq("id", id).single();
  if (error) throw new HttpError(503, "unavailable", "Could not read the booking.");
  return data;
}

/** Refunds a booking's payment in full (idempotent per booking) and records the refund. */
export async function refundBooking(db: Db, stripe: Stripe, bookingId: string, paymentIntentId: string): Promise<string> {
  const refund = await stripe.refunds.create(
    { payment_intent: paymentIntentId, metadata: { booking_id: bookingId } },
    { idempotencyKey: `booking-${bookingId}-refund-${paymentIntentId}` },
  );
  return call(db, "mark_booking_refunded", { p_booking_id: bookingId, p_refund_id: refund.id });
}
