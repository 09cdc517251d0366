// Booking emails through the outbox: a confirmed booking emails its user once with what they paid;
// a late payment that found no seat is refunded and the user is told why.
import { afterAll, describe, expect, it } from "vitest";
import { drainOutbox } from "./helpers/email.ts";
import { waitForEmails } from "./helpers/mail.ts";
import { bookingRow, holdSeat, publishedSession, succeeded } from "./helpers/sessions.ts";
import { closeDb, createUser, db } from "./helpers/stack.ts";
import { deliver } from "./helpers/stripe.ts";

afterAll(closeDb);

describe("booking emails", () => {
  it("a webhook-confirmed booking sends one confirmation with the amount, even if Stripe retries", async () => {
    const session = await publishedSession(await createUser("creator"), { price: 4200 });
    const { user, paymentIntentId } = await holdSeat(session.id);
    const event = await succeeded(paymentIntentId);
    expect((await deliver(event)).status).toBe(200);
    expect((await deliver(event)).status).toBe(200); // Stripe redelivers
    await drainOutbox();
    await drainOutbox();
    const mails = await waitForEmails(user.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe(`Booking confirmed: ${session.title}`);
    expect(mails[0]?.text).toContain("€42.00");
  });

  it("a payment after the hold expired and the seat was taken is refunded, and the user is told", async () => {
    const session = await publishedSession(await createUser("creator"), { capacity: 1, price: 1500 });
    const late = await holdSeat(session.id);
    await db("update public.bookings set hold_expires_at = now() - interval '1 second' where id = $1", [late.booking.id]);
    const onTime = await holdSeat(session.id);
    await deliver(await succeeded(onTime.paymentIntentId));
    await deliver(await succeeded(late.paymentIntentId));
    expect((await bookingRow(late.booking.id)).status).toBe("refunded");
    await drainOutbox();
    const [refund] = await waitForEmails(late.user.email);
    expect(refund?.subject).toBe(`Refunded: ${session.title}`);
    expect(refund?.text).toMatch(/after your seat hold had expired/);
    expect(refund?.text).toContain("€15.00");
    const [confirmation] = await waitForEmails(onTime.user.email);
    expect(confirmation?.subject).toBe(`Booking confirmed: ${session.title}`);
  });
});
