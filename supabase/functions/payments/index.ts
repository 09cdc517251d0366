// POST /functions/v1/payments          { session_id }  → holds a seat and creates its PaymentIntent
// POST /functions/v1/payments/cancel   { booking_id }  → the user cancels before the start; paid → refund
// Requires a user JWT (verify_jwt). Seats, amounts and Stripe ids are written by the booking SQL
// functions with the service role: clients can never write those fields themselves.
import { type BookingAnswer, bookingCancel, bookingCreate } from "@gatherhub/contract";
import { readBooking, refundBooking } from "../_shared/bookings.ts";
import { type Context, call, type Db, HttpError, json, route, serve } from "../_shared/frame.ts";
import { stripeClient } from "../_shared/stripe.ts";

/** The verified caller (the frame counted this write against their limit: countsWrite). */
async function payingUser(ctx: Context<unknown>): Promise<{ id: string; db: Db }> {
  const { id } = await ctx.user();
  // Service role: holding a seat and recording payment ids is beyond what a client may write.
  return { id, db: ctx.admin };
}

async function book(ctx: Context<{ session_id: string }>): Promise<Response> {
  const { id: userId, db } = await payingUser(ctx);
  const booking = await call(db, "book_session", { p_session_id: ctx.input.session_id, p_user_id: userId });
  if (booking.status === "confirmed") return json<BookingAnswer>({ booking, payment: null }, 201);

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
    await call(db, "release_booking_hold", {
      p_booking_id: booking.id,
      p_reason: "payment_canceled",
      p_event_at: new Date().toISOString(),
    });
    throw new HttpError(502, "unavailable", "The payment provider could not be reached; the seat was released.");
  }
  const held = await call(db, "attach_payment_intent", {
    p_booking_id: booking.id,
    p_payment_intent_id: intent.id,
  });
  // A new PaymentIntent always has a client secret, and a held booking an expiry: the types allow null.
  if (!intent.client_secret || !held.hold_expires_at) throw new Error(`booking ${booking.id}: no client secret or hold expiry`);
  return json<BookingAnswer>(
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

async function cancel(ctx: Context<{ booking_id: string }>): Promise<Response> {
  // The SQL function checks the booking belongs to this user.
  const { id: userId, db } = await payingUser(ctx);
  const booking = await call(db, "cancel_booking", { p_booking_id: ctx.input.booking_id, p_user_id: userId });
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

serve("payments", [
  // Every booking and cancellation costs Stripe API calls: limited like any write, counted before
  // the body is even read (refused attempts count too).
  route({ method: "POST", path: "/", auth: "user", countsWrite: true, input: bookingCreate, handler: book }),
  route({ method: "POST", path: "/cancel", auth: "user", countsWrite: true, input: bookingCancel, handler: cancel }),
]);
