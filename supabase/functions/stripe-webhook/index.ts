// POST /functions/v1/stripe-webhook: Stripe's events. No JWT (verify_jwt = false): the
// Stripe-Signature header over the raw body is the authentication, checked by the stripe package.
// Each event id is processed once; every step is idempotent, so a retry finishes a half-done event.
import { refundBooking } from "../_shared/bookings.ts";
import { call, type Db, HttpError, json, route, serve } from "../_shared/frame.ts";
import { cryptoProvider, type Stripe, stripeClient, webhookSecret } from "../_shared/stripe.ts";

type Event = Awaited<ReturnType<Stripe["webhooks"]["constructEventAsync"]>>;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const paymentIntentIdPattern = /^pi_\w{1,250}$/;

async function bookingIdFor(db: Db, metadataId: unknown, paymentIntentId: string | null): Promise<string | null> {
  // Other integrations on the same Stripe account set their own ids: only a UUID can be our booking.
  if (typeof metadataId === "string" && uuid.test(metadataId)) return metadataId;
  // Only a real PaymentIntent id can match one of ours (and a huge one would not fit in a URL).
  if (!paymentIntentId || !paymentIntentIdPattern.test(paymentIntentId)) return null;
  const { data, error } = await db.from("bookings").select("id").eq("stripe_payment_intent_id", paymentIntentId).maybeSingle();
  if (error) throw new HttpError(503, "unavailable", "Could not look the booking up.");
  return data?.id ?? null;
}

async function paid(
  db: Db,
  stripe: Stripe,
  bookingId: string | null,
  paymentIntentId: string,
  amount: number,
  currency: string,
  at: string,
) {
  if (!bookingId) return "unknown_booking";
  const outcome = await call(db, "confirm_booking_payment", {
    p_booking_id: bookingId,
    p_payment_intent_id: paymentIntentId,
    p_amount_minor: amount,
    p_currency: currency,
    p_event_at: at,
  });
  // Never keep money without a seat: no seat left (or the user cancelled) means a refund.
  if (outcome === "refund_required") return `refund_${await refundBooking(db, stripe, bookingId, paymentIntentId)}`;
  return outcome;
}

async function released(db: Db, bookingId: string | null, reason: string, at: string) {
  if (!bookingId) return "unknown_booking";
  return call(db, "release_booking_hold", { p_booking_id: bookingId, p_reason: reason, p_event_at: at });
}

async function apply(db: Db, stripe: Stripe, event: Event): Promise<string> {
  const at = new Date(event.created * 1000).toISOString();
  switch (event.type) {
    case "payment_intent.succeeded": {
      const pi = event.data.object;
      const id = await bookingIdFor(db, pi.metadata?.booking_id, pi.id);
      return paid(db, stripe, id, pi.id, pi.amount_received || pi.amount, pi.currency, at);
    }
    case "payment_intent.payment_failed":
    case "payment_intent.canceled": {
      const pi = event.data.object;
      const id = await bookingIdFor(db, pi.metadata?.booking_id, pi.id);
      return released(db, id, event.type === "payment_intent.canceled" ? "payment_canceled" : "payment_failed", at);
    }
    case "checkout.session.completed": {
      const session = event.data.object;
      const paymentIntentId = typeof session.payment_intent === "string" ? session.payment_intent : (session.payment_intent?.id ?? null);
      if (session.payment_status !== "paid" || !paymentIntentId) return "ignored_unpaid";
      const id = await bookingIdFor(db, session.client_reference_id ?? session.metadata?.booking_id, paymentIntentId);
      return paid(db, stripe, id, paymentIntentId, session.amount_total ?? 0, session.currency ?? "", at);
    }
    case "checkout.session.expired": {
      const session = event.data.object;
      return released(
        db,
        await bookingIdFor(db, session.client_reference_id ?? session.metadata?.booking_id, null),
        "checkout_expired",
        at,
      );
    }
    case "charge.refunded": {
      const charge = event.data.object;
      const paymentIntentId = typeof charge.payment_intent === "string" ? charge.payment_intent : (charge.payment_intent?.id ?? null);
      if (!charge.refunded) return "ignored_partial_refund";
      const id = await bookingIdFor(db, charge.metadata?.booking_id, paymentIntentId);
      if (!id) return "unknown_booking";
      return call(db, "mark_booking_refunded", {
        p_booking_id: id,
        // SQL keeps the recorded refund id when this is null (the generated types cannot say a
        // text argument may be null).
        p_refund_id: (charge.refunds?.data[0]?.id ?? null) as string,
      });
    }
    default:
      return "ignored";
  }
}

serve("stripe-webhook", [
  route({
    method: "POST",
    path: "/",
    auth: "webhook",
    body: "text",
    // Stripe's events are far below this; the raw text is what the signature covers.
    bodyLimit: 512 * 1024,
    handler: async ({ req, body, admin }) => {
      const stripe = stripeClient();
      let event: Event;
      try {
        event = await stripe.webhooks.constructEventAsync(
          body,
          req.headers.get("stripe-signature") ?? "",
          webhookSecret(),
          undefined,
          cryptoProvider,
        );
      } catch (err) {
        // Stripe's reason (which check failed, the expected format) stays in our logs: telling the
        // caller helps only someone forging signatures.
        console.error("stripe-webhook: signature refused:", (err as Error).message);
        throw new HttpError(400, "invalid_signature", "The Stripe-Signature header does not verify.");
      }
      // Service role: Stripe is the caller (no user JWT) and booking state is service-role only.
      const fresh = await call(admin, "begin_stripe_event", {
        p_id: event.id,
        p_type: event.type,
        p_created: new Date(event.created * 1000).toISOString(),
      });
      if (!fresh) return json({ received: true, duplicate: true });
      const outcome = await apply(admin, stripe, event);
      await call(admin, "finish_stripe_event", { p_id: event.id });
      return json({ received: true, outcome });
    },
  }),
]);
