// Booking emails through the outbox: a confirmed booking emails its user once with what they paid;
// a late payment that found no seat is refunded and the user is told why.
import { afterAll, describe, expect, it } from "vitest";
import { drainOutbox } from "./helpers/email.ts";
import { waitForEmails } from "./helpers/mail.ts";
import { bookingRow, holdSeat, publishedSession, succeeded } from "./helpers/sessions.ts";
import { closeDb, createUser, db, sdkFor } from "./helpers/stack.ts";
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

describe("paid sessions have a timezone", () => {
  it("the confirmation shows the session's local time and links its .ics; the booker's calendar feed carries it", async () => {
    const creator = await createUser("creator");
    const created = await sdkFor(creator).sessions.create({
      title: "Utrecht pottery evening",
      price_minor: 0,
      currency: "EUR",
      duration_minutes: 120,
      location: "Oudegracht 1, Utrecht",
      starts_at: "2030-06-12T13:00:00Z",
      timezone: "Europe/Amsterdam",
      capacity: 3,
      published: true,
    });
    expect(created.error).toBeNull();
    const session = created.data!;
    expect(session.timezone).toBe("Europe/Amsterdam");

    const booker = await createUser();
    expect((await sdkFor(booker).bookings.book(session.id)).data?.booking.status).toBe("confirmed");
    await drainOutbox();
    const [mail] = await waitForEmails(booker.email);
    expect(mail?.text).toMatch(/15:00/);
    expect(mail?.text).not.toMatch(/13:00/);
    expect(mail?.text).toContain("Europe/Amsterdam");
    const icsUrl = sdkFor().sessions.calendarUrl(session.id);
    expect(mail?.text).toContain(icsUrl);

    const ics = await fetch(icsUrl);
    expect(ics.status).toBe(200);
    const text = await ics.text();
    expect(text).toMatch(/DTSTART;TZID=Europe\/Amsterdam:20300612T150000/);
    expect(text).toMatch(/DTEND;TZID=Europe\/Amsterdam:20300612T170000/);

    const feedUrl = (await sdkFor(booker).events.rotateCalendarFeed()).data!;
    const feed = await (await fetch(feedUrl)).text();
    expect(feed).toContain("SUMMARY:Utrecht pottery evening");
    expect(feed).toMatch(/DTSTART;TZID=Europe\/Amsterdam:20300612T150000/);
    expect((await fetch(sdkFor().sessions.calendarUrl("00000000-0000-4000-8000-000000000000"))).status).toBe(404);
  });
});
