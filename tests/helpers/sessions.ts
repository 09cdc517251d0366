// Paid-session fixtures: a creator's published session, a user's seat hold with its PaymentIntent,
// and Stripe's success event for it.
import { expect } from "vitest";
import { createUser, db, sdkFor, type TestUser } from "./stack.ts";
import { payIntent, stripeEvent } from "./stripe.ts";

export const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

export async function publishedSession(creator: TestUser, { capacity = 5, price = 2500, startsInDays = 7 } = {}) {
  const { data, error } = await sdkFor(creator).sessions.create({
    title: "Wheel-throwing",
    price_minor: price,
    currency: "EUR",
    duration_minutes: 90,
    location: "Studio 4",
    starts_at: inDays(startsInDays + Math.random()),
    capacity,
    published: true,
  });
  expect(error).toBeNull();
  return data!;
}

export async function bookingRow(id: string) {
  const [row] = await db<{ status: string; updated_at: Date; stripe_refund_id: string | null; cancel_reason: string | null }>(
    "select status, updated_at, stripe_refund_id, cancel_reason from public.bookings where id = $1",
    [id],
  );
  return row!;
}

/** A user books a paid session; returns the booking and its PaymentIntent id. */
export async function holdSeat(sessionId: string, user?: TestUser) {
  const booker = user ?? (await createUser());
  const { data, error } = await sdkFor(booker).bookings.book(sessionId);
  expect(error).toBeNull();
  return { user: booker, booking: data!.booking, paymentIntentId: data!.payment!.payment_intent_id };
}

export async function succeeded(paymentIntentId: string, created?: number) {
  return stripeEvent("payment_intent.succeeded", await payIntent(paymentIntentId), created);
}
