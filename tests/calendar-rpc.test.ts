// The calendar function reads through PostgREST (issue 15): rpc/calendar_feed and rpc/calendar_series
// called as anon over the gateway. The feed token is the credential: an unknown one gives nothing,
// a real one its owner's rows only, join links only for enrolled seats and confirmed bookings. A
// series gives its rule and non-draft occurrences, never a link.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { inDays, publishedEvent } from "./helpers/events.ts";
import { holdSeat, succeeded } from "./helpers/sessions.ts";
import { closeDb, createUser, db, env, sdkFor, type TestUser } from "./helpers/stack.ts";
import { deliver } from "./helpers/stripe.ts";

afterAll(closeDb);

interface FeedEntry {
  id: string;
  kind: "events" | "sessions";
  title: string;
  online_url: string | null;
}

async function rpc(name: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${env.url}/rest/v1/rpc/${name}`, {
    method: "POST",
    headers: { apikey: env.anonKey, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

const tokenOf = async (user: TestUser) => /\/feed\/([^/]+)\.ics$/.exec((await sdkFor(user).events.rotateCalendarFeed()).data!)![1]!;

async function onlineSession(creator: TestUser, title: string, link: string, days: number) {
  const created = await sdkFor(creator).sessions.create({
    title,
    price_minor: 1500,
    currency: "eur",
    duration_minutes: 60,
    online_url: link,
    starts_at: inDays(days),
    capacity: 3,
    published: true,
  });
  if (created.error) throw created.error;
  return created.data;
}

describe("rpc/calendar_feed", () => {
  it("an unknown token gives nothing, to anon as to anyone", async () => {
    expect(await rpc("calendar_feed", { token: randomUUID() })).toEqual({ status: 200, body: null });
  });

  it("a real token gives its owner's rows only, links only for enrolled seats and confirmed bookings", async () => {
    const link = (what: string) => `https://meet.example.com/${what}-${randomUUID()}`;
    const links = {
      seat: link("enrolled"),
      full: link("waitlisted"),
      others: link("other"),
      paid: link("confirmed"),
      held: link("pending"),
    };
    const [org, creator, owner, other] = await Promise.all([createUser("facilitator"), createUser("creator"), createUser(), createUser()]);
    const seat = await publishedEvent(org, {
      title: "Feed rpc: enrolled",
      online_url: links.seat,
      starts_at: inDays(20),
      ends_at: inDays(20, 12),
    });
    const full = await publishedEvent(org, {
      title: "Feed rpc: waitlisted",
      online_url: links.full,
      capacity: 1,
      starts_at: inDays(21),
      ends_at: inDays(21, 12),
    });
    const othersOnly = await publishedEvent(org, {
      title: "Feed rpc: someone else's",
      online_url: links.others,
      starts_at: inDays(22),
      ends_at: inDays(22, 12),
    });
    expect((await sdkFor(other).enrollments.enroll(full.id)).data?.status).toBe("enrolled");
    expect((await sdkFor(other).enrollments.enroll(othersOnly.id)).data?.status).toBe("enrolled");
    expect((await sdkFor(owner).enrollments.enroll(seat.id)).data?.status).toBe("enrolled");
    expect((await sdkFor(owner).enrollments.enroll(full.id)).data?.status).toBe("waitlisted");

    const paid = await onlineSession(creator, "Feed rpc: confirmed call", links.paid, 23);
    const held = await onlineSession(creator, "Feed rpc: pending call", links.held, 24);
    const { paymentIntentId } = await holdSeat(paid.id, owner);
    expect((await deliver(await succeeded(paymentIntentId))).body).toMatchObject({ outcome: "confirmed" });
    await holdSeat(held.id, owner);

    const feed = await rpc("calendar_feed", { token: await tokenOf(owner) });
    expect(feed.status).toBe(200);
    const entries = feed.body as FeedEntry[];
    expect(entries.map((e) => ({ id: e.id, kind: e.kind, title: e.title, online_url: e.online_url }))).toEqual([
      { id: seat.id, kind: "events", title: "Feed rpc: enrolled", online_url: links.seat },
      { id: full.id, kind: "events", title: "Feed rpc: waitlisted", online_url: null },
      { id: paid.id, kind: "sessions", title: "Feed rpc: confirmed call", online_url: links.paid },
      { id: held.id, kind: "sessions", title: "Feed rpc: pending call", online_url: null },
    ]);
    expect(JSON.stringify(entries)).not.toContain(links.others);

    // The other user's token: their own two events, their own link, nothing of the owner's.
    const theirs = (await rpc("calendar_feed", { token: await tokenOf(other) })).body as FeedEntry[];
    expect(theirs.map((e) => [e.title, e.online_url])).toEqual([
      ["Feed rpc: waitlisted", links.full],
      ["Feed rpc: someone else's", links.others],
    ]);
  });

  it("a known token with nothing on it gives an empty list, and the function an empty calendar (not a 404)", async () => {
    const user = await createUser();
    const token = await tokenOf(user);
    expect(await rpc("calendar_feed", { token })).toEqual({ status: 200, body: [] });
    const response = await fetch(`${env.url}/functions/v1/calendar/feed/${token}.ics`);
    expect(response.status).toBe(200);
    expect(await response.text()).not.toContain("BEGIN:VEVENT");
  });
});

describe("rpc/calendar_series", () => {
  it("gives anon the rule and the non-draft occurrences, never a link; nothing for an unknown series", async () => {
    const org = await createUser("facilitator");
    const hub = sdkFor(org);
    const created = await hub.series.create({
      rrule: "FREQ=WEEKLY;BYDAY=WE;COUNT=3",
      timezone: "Europe/Amsterdam",
      first_starts_on: "2027-05-05",
      starts_at_local: "18:30",
      duration: "90 minutes",
      title: "Series rpc club",
      horizon: "400 days",
    });
    expect(created.error).toBeNull();
    const series = created.data!;
    const occurrences = (await hub.series.occurrences(series.id)).data!;
    expect(occurrences).toHaveLength(3);
    const link = `https://meet.example.com/series-${randomUUID()}`;
    expect((await hub.events.update(occurrences[0]!.id, { online_url: link })).error).toBeNull();
    expect((await hub.events.cancel(occurrences[1]!.id)).error).toBeNull();
    // A draft occurrence (clients cannot make one; the rule still says only non-drafts are shown).
    await db(
      `insert into public.events (organizer_id, title, starts_at, timezone, status, series_id, series_occurrence)
       values ($1, 'Series rpc club (draft)', '2027-06-02T16:30:00Z', 'Europe/Amsterdam', 'draft', $2, '2027-06-02 18:30')`,
      [org.id, series.id],
    );

    const answer = await rpc("calendar_series", { series_id: series.id });
    expect(answer.status).toBe(200);
    expect(JSON.stringify(answer.body)).not.toContain(link);
    expect(JSON.stringify(answer.body)).not.toContain("online_url");
    expect(answer.body).toEqual({
      id: series.id,
      title: "Series rpc club",
      description: "",
      location: "",
      timezone: "Europe/Amsterdam",
      rrule: "FREQ=WEEKLY;BYDAY=WE;COUNT=3",
      first_starts_on: "2027-05-05",
      starts_at_local: "18:30:00",
      duration_seconds: 5400,
      exdates: [],
      occurrences: occurrences.map((o, i) => ({
        id: o.id,
        title: "Series rpc club",
        description: "",
        location: "",
        starts_at: new Date(o.starts_at!).toISOString().replace(".000Z", "Z"),
        ends_at: new Date(o.ends_at!).toISOString().replace(".000Z", "Z"),
        status: i === 1 ? "cancelled" : "published",
        occurrence_date: o.series_occurrence!.slice(0, 10),
      })),
    });

    expect(await rpc("calendar_series", { series_id: randomUUID() })).toEqual({ status: 200, body: null });
  });
});
