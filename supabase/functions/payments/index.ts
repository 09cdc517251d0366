// POST /functions/v1/payments          { session_id }  → holds a seat and creates its PaymentIntent
// POST /functions/v1/payments/cancel   { booking_id }  → the user cancels before the start; paid → refund
// Requires a user JWT (verify_jwt). Seats, amounts and Stripe ids are written by the booking SQL
// functions with the service role: clients can never write those fields themselves.

import { bookingCancel, bookingCreate } from "@gatherhub/contract";
import { requireUser } from "../_shared/auth.ts";
import { type Booking, callBookingFunction, readBooking, refundBooking } from "../_shared/bookings.ts";
import { preflight } from "../_shared/cors.ts";
import { HttpError, json, withErrors } from "../_shared/errors.ts";
import { readJson } from "../_shared/http.ts";
import { limitWrites } from "../_shared/rate-limit.ts";
import { stripeClient } from "../_shared/stripe.ts";
import { adminClient } from "../_shared/supabase.ts";

async function book(req: Request, userId: string): Promise<Response> {
  const { session_id } = await readJson(req, bookingCreate);
  // Service role: holding a seat and recording payment ids is beyond what a client may write.
  const db = adminClient();
  const booking = await callBookingFunction<Booking>(db, "book_session", { p_session_id: session_id, p_user_id: userId });
  if (booking.status === "confirmed") return json({ booking, payment: null }, 201);

  const stripe = stripeClient();
  let intent: Awaited<ReturnType<typeof stripe.paymentIntents.create>>;
  try {
    // One PaymentIntent per booking: a retried request (same live hold) gets the same one back.
    intent = await stripe.paymentIntents.create(
      {
        amount: booking.amount_minor,
        currency: booking.currency,
        automatic_payment_methods: { enabled: true },
        metadata: { booking_id: booking.id, session_id: booking.session_id, user_id: userId },
      },
      { idempotencyKey: `booking-${booking.id}-payment-intent` },
    );
  } catch (err) {
    console.error(err);
    await callBookingFunction(db, "release_booking_hold", {
      p_booking_id: booking.id,
      p_reason: "payment_canceled",
      p_event_at: new Date().toISOString(),
    });
    throw new HttpError(502, "unavailable", "The payment provider could not be reached; the seat was released.");
  }
  const held = await callBookingFunction<Booking>(db, "attach_payment_intent", {
    p_booking_id: booking.id,
    p_payment_intent_id: intent.id,
  });
  return json(
    {
      booking: held,
      payment: {
        payment_intent_id: intent.id,
        client_secret: intent.client_secret,
        amount_minor: booking.amount_minor,
        currency: booking.currency,
        hold_expires_at: held.hold_expires_at,
      },
    },
    201,
  );
}

async function cancel(req: Request, userId: string): Promise<Response> {
  const { booking_id } = await readJson(req, bookingCancel);
  // Service role: the SQL function checks the booking belongs to this user.
  const db = adminClient();
  const booking = await callBookingFunction<Booking>(db, "cancel_booking", { p_booking_id: booking_id, p_user_id: userId });
  const paymentIntent = booking.stripe_payment_intent_id;
  if (paymentIntent && booking.confirmed_at) {
    await refundBooking(db, stripeClient(), booking.id, paymentIntent);
  } else if (paymentIntent) {
    try {
      await stripeClient().paymentIntents.cancel(paymentIntent, {}, { idempotencyKey: `booking-${booking.id}-cancel` });
    } catch (err) {
      // Already paid: its success webhook finds a cancelled booking and refunds it.
      console.error(err);
    }
  }
  return json({ booking: await readBooking(db, booking.id) });
}

Deno.serve(
  withErrors(async (req) => {
    const early = preflight(req);
    if (early) return early;
    if (req.method !== "POST") throw new HttpError(405, "method_not_allowed", "Use POST.");
    const user = await requireUser(req);
    const route = new URL(req.url).pathname.replace(/^\/payments/, "").replace(/\/$/, "");
    if (route !== "" && route !== "/cancel") throw new HttpError(404, "not_found", `No route ${route} in payments.`);
    // Every booking and cancellation costs Stripe API calls: limited like any other write.
    await limitWrites(user.id, user.role);
    return route === "" ? book(req, user.id) : cancel(req, user.id);
  }),
);
