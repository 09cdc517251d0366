// Online links are for the people who may join (audit #18, item 1): a paid session's meeting link
// and a full event's link must not reach anon, the seeker who lost the last seat, the public .ics,
// a waitlisted person's feed or emails. Everyone still sees that a link exists.
import { afterAll, describe, expect, it } from "vitest";
import { drainOutbox } from "./helpers/email.ts";
import { publishedEvent } from "./helpers/events.ts";
import { waitForEmails } from "./helpers/mail.ts";
import { holdSeat, inDays, succeeded } from "./helpers/sessions.ts";
import { closeDb, createUser, env, sdkFor, type TestUser } from "./helpers/stack.ts";
import { deliver } from "./helpers/stripe.ts";

afterAll(closeDb);

const anonHeaders = { apikey: env.anonKey };
const userHeaders = (user: TestUser) => ({ apikey: env.anonKey, authorization: `Bearer ${user.token}` });

async function rest(path: string, headers: Record<string, string>) {
  const response = await fetch(`${env.url}/rest/v1/${path}`, { headers });
  return { status: response.status, body: (await response.json()) as unknown };
}

describe("paid-session links", () => {
  it("anon and the seeker who lost the only seat never read the link; the confirmed booker and the creator do", async () => {
    const link = `https://meet.example.com/paid-${Date.now()}?pwd=hunter2`;
    const creator = await createUser("creator");
    const created = await sdkFor(creator).sessions.create({
      title: "Private coaching",
      price_minor: 9900,
      currency: "eur",
      duration_minutes: 60,
      online_url: link,
      starts_at: inDays(9 + Math.random()),
      capacity: 1,
      published: true,
    });
    expect(created.error).toBeNull();
    const session = created.data!;

    // The attack: anonymous GET of the column.
    const anon = await rest(`sessions?select=online_url&id=eq.${session.id}`, anonHeaders);
    expect(JSON.stringify(anon.body)).not.toContain(link);
    expect(anon.status).toBeGreaterThanOrEqual(400);
    expect(session).not.toHaveProperty("online_url");
    expect(session.has_online_url).toBe(true);
    expect((await rest(`sessions?select=id,has_online_url&id=eq.${session.id}`, anonHeaders)).body).toEqual([
      { id: session.id, has_online_url: true },
    ]);

    // A pending hold is not paid yet: no link.
    const { user: booker, paymentIntentId } = await holdSeat(session.id);
    expect((await sdkFor(booker).sessions.onlineUrl(session.id)).data).toBeNull();
    expect((await deliver(await succeeded(paymentIntentId))).body).toMatchObject({ outcome: "confirmed" });
    expect((await sdkFor(booker).sessions.onlineUrl(session.id)).data).toBe(link);
    const dashboard = await sdkFor(booker).dashboards.user();
    expect(JSON.stringify(dashboard.data)).toContain(link);

    // The second seeker: the session is full, and the link stays out of reach by every path.
    const second = await createUser();
    expect((await sdkFor(second).bookings.book(session.id)).error?.code).toBe("session_full");
    const column = await rest(`sessions?select=online_url&id=eq.${session.id}`, userHeaders(second));
    expect(column.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(column.body)).not.toContain(link);
    expect(JSON.stringify((await rest(`sessions?id=eq.${session.id}`, userHeaders(second))).body)).not.toContain(link);
    expect((await sdkFor(second).sessions.onlineUrl(session.id)).data).toBeNull();
    expect(JSON.stringify((await sdkFor(second).sessions.get(session.id)).data)).not.toContain(link);

    expect((await sdkFor(creator).sessions.onlineUrl(session.id)).data).toBe(link);
  });
});

describe("event links", () => {
  it("a full event's link reaches the attendee and organizer only: API, search, .ics, feed and emails", async () => {
    const link = `https://meet.example.com/event-${Date.now()}?pwd=hunter2`;
    const organizer = await createUser("facilitator");
    const event = await publishedEvent(organizer, { title: "Linked online meetup", online_url: link, capacity: 1 });
    const [attendee, second] = await Promise.all([createUser(), createUser()]);
    expect((await sdkFor(attendee).enrollments.enroll(event.id)).data?.status).toBe("enrolled");
    expect((await sdkFor(second).enrollments.enroll(event.id)).data?.status).toBe("waitlisted");

    const anon = await rest(`events?select=online_url&id=eq.${event.id}`, anonHeaders);
    expect(JSON.stringify(anon.body)).not.toContain(link);
    expect(anon.status).toBeGreaterThanOrEqual(400);
    expect(event).not.toHaveProperty("online_url");
    expect(event.has_online_url).toBe(true);
    const waitlisted = await rest(`events?select=online_url&id=eq.${event.id}`, userHeaders(second));
    expect(JSON.stringify(waitlisted.body)).not.toContain(link);

    const search = { q: "Linked online meetup", tags: [event.tags.at(-1)!] };
    for (const viewer of [undefined, second]) {
      const found = await sdkFor(viewer).events.search(search);
      expect(found.data).toEqual([expect.objectContaining({ id: event.id, online_url: null, has_online_url: true })]);
    }
    expect((await sdkFor(attendee).events.search(search)).data).toEqual([expect.objectContaining({ id: event.id, online_url: link })]);

    expect((await sdkFor(second).events.onlineUrl(event.id)).data).toBeNull();
    expect((await sdkFor(attendee).events.onlineUrl(event.id)).data).toBe(link);
    expect((await sdkFor(organizer).events.onlineUrl(event.id)).data).toBe(link);

    const publicIcs = await (await fetch(sdkFor().events.calendarUrl(event.slug))).text();
    expect(publicIcs).toContain("BEGIN:VEVENT");
    expect(publicIcs).not.toContain("meet.example.com");
    const feedOf = async (user: TestUser) => (await fetch((await sdkFor(user).events.rotateCalendarFeed()).data!)).text();
    expect(await feedOf(second)).not.toContain("meet.example.com");
    expect((await feedOf(attendee)).replace(/\r\n /g, "")).toContain(link);

    await drainOutbox();
    const [toAttendee] = await waitForEmails(attendee.email, 1);
    const [toSecond] = await waitForEmails(second.email, 1);
    expect(`${toAttendee?.text}${toAttendee?.html}`).toContain("meet.example.com/event-");
    expect(toSecond?.subject).toBeDefined();
    expect(`${toSecond?.text}${toSecond?.html}`).not.toContain("meet.example.com");
  });
});
