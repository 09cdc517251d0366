// Paid sessions end to end through the gateway: booking holds, Stripe webhooks (signed with the
// stripe package, verified for real), idempotency, out-of-order events, capacity under load,
// hold expiry, refunds, and late payments for expired holds.
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { bookingRow, holdSeat, inDays, publishedSession, succeeded } from "./helpers/sessions.ts";
import { closeDb, createUser, db, env, sdkFor } from "./helpers/stack.ts";
import { deliver, payIntent, standinLog, stripeEvent } from "./helpers/stripe.ts";

afterAll(closeDb);

describe("booking a paid session", () => {
  it("holds a seat, returns a client secret for the database's amount, and a signed success webhook confirms it", async () => {
    const session = await publishedSession(await createUser("creator"), { price: 4200 });
    const { data, error } = await sdkFor(await createUser()).bookings.book(session.id);
    expect(error).toBeNull();
    expect(data?.booking).toMatchObject({ status: "pending", amount_minor: 4200, currency: "eur" });
    expect(data?.payment?.client_secret).toMatch(/^pi_\w+_secret_/);
    const pi = data!.payment!.payment_intent_id;
    expect(data?.booking.stripe_payment_intent_id).toBe(pi);

    const delivered = await deliver(await succeeded(pi));
    expect(delivered).toMatchObject({ status: 200, body: { received: true, outcome: "confirmed" } });
    expect((await bookingRow(data!.booking.id)).status).toBe("confirmed");
  });

  it("a retried booking request reuses the same hold and the same PaymentIntent (Stripe idempotency key)", async () => {
    const session = await publishedSession(await createUser("creator"));
    const first = await holdSeat(session.id);
    const again = await sdkFor(first.user).bookings.book(session.id);
    expect(again.data?.booking.id).toBe(first.booking.id);
    expect(again.data?.payment?.payment_intent_id).toBe(first.paymentIntentId);
    const creates = (await standinLog()).filter((r) => r.idempotencyKey === `booking-${first.booking.id}-payment-intent`);
    expect(creates.map((r) => r.replayed)).toEqual([false, true]);
  });

  it("a free session confirms at once without Stripe", async () => {
    const session = await publishedSession(await createUser("creator"), { price: 0 });
    const { data } = await sdkFor(await createUser()).bookings.book(session.id);
    expect(data).toMatchObject({ booking: { status: "confirmed", amount_minor: 0 }, payment: null });
  });

  it("refuses unpublished and past sessions and invalid input with clear errors", async () => {
    const creator = await createUser("creator");
    const draft = await sdkFor(creator).sessions.create({
      title: "Draft",
      price_minor: 100,
      currency: "eur",
      duration_minutes: 30,
      online_url: "https://meet.example.com/x",
      starts_at: inDays(3),
      capacity: 3,
    });
    const sdk = sdkFor(await createUser());
    expect((await sdk.bookings.book(draft.data!.id)).error?.code).toBe("not_found");
    const past = await publishedSession(creator);
    await db("update public.sessions set starts_at = now() - interval '1 hour' where id = $1", [past.id]);
    expect((await sdk.bookings.book(past.id)).error).toMatchObject({ code: "session_started", status: 409 });
    expect((await sdk.bookings.book("not-a-uuid")).error?.code).toBe("invalid_input");
  });
});

describe("the Stripe webhook", () => {
  it("a forged or stale signature gets 400 and changes nothing", async () => {
    const session = await publishedSession(await createUser("creator"));
    const { booking, paymentIntentId } = await holdSeat(session.id);
    const event = await succeeded(paymentIntentId);
    const forged = await deliver(event, { secret: "whsec_not_the_real_secret" });
    expect(forged.status).toBe(400);
    // A generic answer: Stripe's verification reason stays in the function's log (audit #18, item 9).
    const generic = { error: { code: "invalid_signature", message: "The Stripe-Signature header does not verify.", details: null } };
    expect(forged.body).toEqual(generic);
    const stale = await deliver(event, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect(stale.status).toBe(400);
    expect(stale.body).toEqual(generic);
    const missing = await deliver(event, { header: "" });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual(generic);
    expect((await bookingRow(booking.id)).status).toBe("pending");
    expect(await db("select 1 from public.stripe_events where id = $1", [event.id])).toEqual([]);
  });

  it("the same event delivered twice is processed once", async () => {
    const session = await publishedSession(await createUser("creator"));
    const { booking, paymentIntentId } = await holdSeat(session.id);
    const event = await succeeded(paymentIntentId);
    expect((await deliver(event)).body).toMatchObject({ outcome: "confirmed" });
    const before = await bookingRow(booking.id);
    // Had the replay been processed, this cancellation would be overwritten by a confirmation.
    await db("update public.bookings set status = 'cancelled', cancel_reason = 'payment_failed' where id = $1", [booking.id]);
    const replay = await deliver(event);
    expect(replay).toMatchObject({ status: 200, body: { received: true, duplicate: true } });
    expect((await bookingRow(booking.id)).status).toBe("cancelled");
    expect(before.status).toBe("confirmed");
    expect(await db("select processed_at from public.stripe_events where id = $1", [event.id])).toHaveLength(1);
  });

  it("a failure after success never downgrades the confirmed booking, older or newer", async () => {
    const session = await publishedSession(await createUser("creator"));
    const { booking, paymentIntentId } = await holdSeat(session.id);
    const paidAt = Math.floor(Date.now() / 1000);
    expect((await deliver(await succeeded(paymentIntentId, paidAt))).body).toMatchObject({ outcome: "confirmed" });
    const intent = await payIntent(paymentIntentId);
    for (const created of [paidAt - 60, paidAt + 60]) {
      const late = await deliver(stripeEvent("payment_intent.payment_failed", { ...intent, status: "requires_payment_method" }, created));
      expect(late.status).toBe(200);
      expect((await bookingRow(booking.id)).status).toBe("confirmed");
    }
    const canceled = await deliver(stripeEvent("payment_intent.canceled", { ...intent, status: "canceled" }, paidAt + 120));
    expect(canceled.body).toMatchObject({ outcome: "ignored" });
    expect((await bookingRow(booking.id)).status).toBe("confirmed");
  });

  it("a failed payment releases the hold, and an event older than the last one applied changes nothing", async () => {
    const session = await publishedSession(await createUser("creator"));
    const { booking, paymentIntentId } = await holdSeat(session.id);
    const now = Math.floor(Date.now() / 1000);
    const intent = {
      id: paymentIntentId,
      object: "payment_intent",
      metadata: { booking_id: booking.id },
      status: "requires_payment_method",
    };
    const failed = await deliver(stripeEvent("payment_intent.payment_failed", intent, now));
    expect(failed.body).toMatchObject({ outcome: "cancelled" });
    expect(await bookingRow(booking.id)).toMatchObject({ status: "cancelled", cancel_reason: "payment_failed" });
    // Pretend the hold were pending again: an older event must still not apply.
    await db("update public.bookings set status = 'pending', cancel_reason = null where id = $1", [booking.id]);
    const stale = await deliver(stripeEvent("payment_intent.canceled", intent, now - 30));
    expect(stale.body).toMatchObject({ outcome: "stale" });
    expect((await bookingRow(booking.id)).status).toBe("pending");
  });

  it("answers 2xx for events it does not handle", async () => {
    const response = await deliver(stripeEvent("customer.created", { id: "cus_123", object: "customer" }));
    expect(response).toMatchObject({ status: 200, body: { outcome: "ignored" } });
  });

  it("checkout.session.completed confirms and checkout.session.expired releases by client_reference_id", async () => {
    const session = await publishedSession(await createUser("creator"));
    const a = await holdSeat(session.id);
    await payIntent(a.paymentIntentId);
    const completed = stripeEvent("checkout.session.completed", {
      id: "cs_test_a",
      object: "checkout.session",
      client_reference_id: a.booking.id,
      payment_intent: a.paymentIntentId,
      payment_status: "paid",
      amount_total: a.booking.amount_minor,
      currency: a.booking.currency,
    });
    expect((await deliver(completed)).body).toMatchObject({ outcome: "confirmed" });
    const b = await holdSeat(session.id);
    const expired = stripeEvent("checkout.session.expired", {
      id: "cs_test_b",
      object: "checkout.session",
      client_reference_id: b.booking.id,
      payment_status: "unpaid",
    });
    expect((await deliver(expired)).body).toMatchObject({ outcome: "cancelled" });
    expect((await bookingRow(b.booking.id)).cancel_reason).toBe("checkout_expired");
  });
});

describe("capacity", () => {
  it("30 concurrent bookings for 10 seats: never more than 10 held or confirmed", async () => {
    const session = await publishedSession(await createUser("creator"), { capacity: 10 });
    const users = await Promise.all(Array.from({ length: 30 }, () => createUser()));
    const results = await Promise.all(users.map((u) => sdkFor(u).bookings.book(session.id)));
    const held = results.filter((r) => r.data);
    expect(held).toHaveLength(10);
    expect(results.filter((r) => r.error).map((r) => r.error?.code)).toEqual(Array(20).fill("session_full"));
    const [row] = await db<{ n: number }>(
      "select count(*)::int as n from public.bookings where session_id = $1 and status in ('pending', 'confirmed')",
      [session.id],
    );
    expect(row?.n).toBe(10);
  });

  it("booking waits for the session row lock, so a seat taken meanwhile is never sold twice", async () => {
    const session = await publishedSession(await createUser("creator"), { capacity: 1 });
    const [rival, user] = await Promise.all([createUser(), createUser()]);
    const holder = new pg.Client({ connectionString: env.dbUrl });
    await holder.connect();
    try {
      await holder.query("begin");
      await holder.query("select 1 from public.sessions where id = $1 for update", [session.id]);
      let settled = false;
      const pending = sdkFor(user)
        .bookings.book(session.id)
        .finally(() => {
          settled = true;
        });
      await new Promise((r) => setTimeout(r, 750));
      expect(settled).toBe(false);
      await holder.query(
        "insert into public.bookings (user_id, session_id, status, amount_minor, currency, confirmed_at) values ($1, $2, 'confirmed', 2500, 'eur', now())",
        [rival.id, session.id],
      );
      await holder.query("commit");
      expect((await pending).error?.code).toBe("session_full");
    } finally {
      await holder.end();
    }
  });

  it("an expired hold frees its seat, and the expiry job marks it expired", async () => {
    const session = await publishedSession(await createUser("creator"), { capacity: 1 });
    const first = await holdSeat(session.id);
    expect((await sdkFor(await createUser()).bookings.book(session.id)).error?.code).toBe("session_full");
    await db("update public.bookings set hold_expires_at = now() - interval '1 second' where id = $1", [first.booking.id]);
    const second = await holdSeat(session.id);
    expect(second.booking.status).toBe("pending");
    await db("select private.expire_booking_holds()");
    expect((await bookingRow(first.booking.id)).status).toBe("expired");
  });
});

describe("cancellation and refunds", () => {
  it("a user cancelling a paid booking before the start is refunded through Stripe", async () => {
    const session = await publishedSession(await createUser("creator"));
    const { user, booking, paymentIntentId } = await holdSeat(session.id);
    await deliver(await succeeded(paymentIntentId));
    const { data, error } = await sdkFor(user).bookings.cancel(booking.id);
    expect(error).toBeNull();
    expect(data?.booking.status).toBe("refunded");
    expect(data?.booking.stripe_refund_id).toMatch(/^re_/);
    const refunds = (await standinLog()).filter((r) => r.path === "/v1/refunds" && r.idempotencyKey?.includes(booking.id));
    expect(refunds).toHaveLength(1);
  });

  it("a pending booking is cancelled and its PaymentIntent canceled; others cannot cancel it", async () => {
    const session = await publishedSession(await createUser("creator"));
    const { user, booking, paymentIntentId } = await holdSeat(session.id);
    const stranger = await sdkFor(await createUser()).bookings.cancel(booking.id);
    expect(stranger.error?.code).toBe("not_found");
    const { data } = await sdkFor(user).bookings.cancel(booking.id);
    expect(data?.booking).toMatchObject({ status: "cancelled", cancel_reason: "by_user" });
    expect((await standinLog()).some((r) => r.path === `/v1/payment_intents/${paymentIntentId}/cancel`)).toBe(true);
  });

  it("cannot cancel after the session started", async () => {
    const session = await publishedSession(await createUser("creator"), { price: 0 });
    const user = await createUser();
    const { data } = await sdkFor(user).bookings.book(session.id);
    await db("update public.sessions set starts_at = now() - interval '5 minutes' where id = $1", [session.id]);
    expect((await sdkFor(user).bookings.cancel(data!.booking.id)).error?.code).toBe("session_started");
  });

  it("charge.refunded (a refund made in Stripe) marks the booking refunded", async () => {
    const session = await publishedSession(await createUser("creator"));
    const { booking, paymentIntentId } = await holdSeat(session.id);
    await deliver(await succeeded(paymentIntentId));
    const charge = { id: "ch_x", object: "charge", payment_intent: paymentIntentId, refunded: true, amount_refunded: booking.amount_minor };
    expect((await deliver(stripeEvent("charge.refunded", charge))).body).toMatchObject({ outcome: "refunded" });
    expect((await bookingRow(booking.id)).status).toBe("refunded");
  });
});

describe("a payment that succeeds after its hold expired", () => {
  async function expiredHold() {
    const session = await publishedSession(await createUser("creator"), { capacity: 1 });
    const late = await holdSeat(session.id);
    await db("update public.bookings set hold_expires_at = now() - interval '1 minute' where id = $1", [late.booking.id]);
    await db("select private.expire_booking_holds()");
    expect((await bookingRow(late.booking.id)).status).toBe("expired");
    return { session, late };
  }

  it("is confirmed when a seat is still free", async () => {
    const { late } = await expiredHold();
    expect((await deliver(await succeeded(late.paymentIntentId))).body).toMatchObject({ outcome: "confirmed" });
    expect((await bookingRow(late.booking.id)).status).toBe("confirmed");
  });

  it("is refunded automatically when the seat went to someone else", async () => {
    const { session, late } = await expiredHold();
    const taker = await holdSeat(session.id);
    const result = await deliver(await succeeded(late.paymentIntentId));
    expect(result.body).toMatchObject({ outcome: "refund_refunded" });
    expect(await bookingRow(late.booking.id)).toMatchObject({ status: "refunded", stripe_refund_id: expect.stringMatching(/^re_/) });
    expect((await bookingRow(taker.booking.id)).status).toBe("pending");
    const [seats] = await db<{ n: number }>(
      "select count(*)::int as n from public.bookings where session_id = $1 and status in ('pending', 'confirmed')",
      [session.id],
    );
    expect(seats?.n).toBe(1);
  });
});
