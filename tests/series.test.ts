// Recurring series through the gateway and the SDK: a weekly series across the 2027 DST change
// keeps its local time, the three edit scopes, cancelling an occurrence notifies its enrollees,
// a follower is enrolled in a newly materialized occurrence, and the series .ics round-trips
// through node-ical (whose expansion, rrule-temporal, serves as the independent RRULE engine).
import ical, { type VEvent } from "node-ical";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Event, EventSeries, SeriesCreate } from "../sdk/src/index.ts";
import { runTag } from "./helpers/events.ts";
import { closeDb, createUser, db, sdkFor, type TestUser } from "./helpers/stack.ts";

afterAll(closeDb);

const local = (iso: string, timeZone = "Europe/Amsterdam") =>
  new Intl.DateTimeFormat("sv-SE", { timeZone, dateStyle: "short", timeStyle: "short" }).format(new Date(iso));

// Tuesdays around the switch to summer time on Sunday 2027-03-28.
const tuesdays: SeriesCreate = {
  rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=4",
  timezone: "Europe/Amsterdam",
  first_starts_on: "2027-03-16",
  starts_at_local: "19:00",
  duration: "2 hours",
  title: "Tuesday sketch club",
  location: "Room 1",
  capacity: 1,
  tags: [runTag],
  horizon: "400 days",
};

async function createSeries(
  organizer: TestUser,
  input: Partial<SeriesCreate> = {},
): Promise<{ series: EventSeries; occurrences: Event[] }> {
  const hub = sdkFor(organizer);
  const created = await hub.series.create({ ...tuesdays, ...input });
  if (created.error) throw created.error;
  const occurrences = await hub.series.occurrences(created.data.id);
  if (occurrences.error) throw occurrences.error;
  return { series: created.data, occurrences: occurrences.data };
}

describe("event series", () => {
  let org: TestUser;
  let seeker: TestUser;

  beforeAll(async () => {
    [org, seeker] = await Promise.all([createUser("facilitator"), createUser()]);
  });

  it("a weekly series across the DST change keeps 19:00 local time", async () => {
    const { series, occurrences } = await createSeries(org);
    expect(occurrences.map((e) => local(e.starts_at!))).toEqual([
      "2027-03-16 19:00",
      "2027-03-23 19:00",
      "2027-03-30 19:00",
      "2027-04-06 19:00",
    ]);
    expect(occurrences.map((e) => new Date(e.starts_at!).getUTCHours())).toEqual([18, 18, 17, 17]);
    expect(occurrences.map((e) => local(e.ends_at!).slice(11))).toEqual(["21:00", "21:00", "21:00", "21:00"]);
    expect(occurrences.every((e) => e.status === "published" && e.series_id === series.id && e.capacity === 1)).toBe(true);
  });

  it("occurrences appear in search like any event", async () => {
    const { occurrences } = await createSeries(org, { title: "Searchable lino printing" });
    const found = await sdkFor(seeker).events.search({ q: "lino printing", tags: [runTag], orderBy: "starts_at", ascending: true });
    expect(found.error).toBeNull();
    expect(found.data?.map((r) => r.id)).toEqual(occurrences.map((e) => e.id));
  });

  it("only facilitators create series, and bad rules are a 4xx", async () => {
    const refused = await sdkFor(seeker).series.create(tuesdays);
    expect(refused.error?.code).toBe("forbidden");
    const daily = await sdkFor(org).series.create({ ...tuesdays, rrule: "FREQ=DAILY;COUNT=3" });
    expect(daily.error?.status).toBe(400);
    const malformed = await sdkFor(org).series.create({ ...tuesdays, rrule: "every tuesday" });
    expect(malformed.error?.code).toBe("invalid_input");
  });

  it("edits: this occurrence only, all future, and this and following", async () => {
    const hub = sdkFor(org);
    const { series, occurrences } = await createSeries(org, { title: "Edit scopes club" });
    const [first, second, third] = occurrences;

    // This occurrence only: an ordinary event edit.
    expect((await hub.events.update(second!.id, { title: "Edit scopes club: special" })).error).toBeNull();
    // All future: the series edit reaches the others, not the edited one.
    expect((await hub.series.update(series.id, { location: "Room 2" })).error).toBeNull();
    let now = (await hub.series.occurrences(series.id)).data!;
    expect(now.map((e) => [e.title, e.location])).toEqual([
      ["Edit scopes club", "Room 2"],
      ["Edit scopes club: special", "Room 1"],
      ["Edit scopes club", "Room 2"],
      ["Edit scopes club", "Room 2"],
    ]);

    // Somebody else cannot edit the series (RLS: no row to update).
    const other = await createUser("facilitator");
    expect((await sdkFor(other).series.update(series.id, { title: "Hijacked" })).error?.code).toBe("not_found");
    expect((await sdkFor(other).series.updateFollowing(third!.id, { title: "Hijacked" })).error).not.toBeNull();

    // This and following: the series splits at the third occurrence.
    const split = await hub.series.updateFollowing(third!.id, { starts_at_local: "20:00", title: "Edit scopes club (late)" });
    expect(split.error).toBeNull();
    now = (await hub.series.occurrences(series.id)).data!;
    expect(now.map((e) => local(e.starts_at!))).toEqual(["2027-03-16 19:00", "2027-03-23 19:00"]);
    const later = (await hub.series.occurrences(split.data!.id)).data!;
    expect(later.map((e) => [local(e.starts_at!), e.title])).toEqual([
      ["2027-03-30 20:00", "Edit scopes club (late)"],
      ["2027-04-06 20:00", "Edit scopes club (late)"],
    ]);
    expect(later[0]!.id).toBe(third!.id); // the same events, moved: enrollments stay
    expect(first).toBeDefined();
  });

  it("cancelling one occurrence notifies its enrollees through the outbox; a rule change never drops one silently", async () => {
    const hub = sdkFor(org);
    const { series, occurrences } = await createSeries(org, { title: "Cancel club" });
    const [first, second] = occurrences;
    const [ann, bob] = await Promise.all([createUser(), createUser()]);
    expect((await sdkFor(ann).enrollments.enroll(first!.id)).error).toBeNull();
    expect((await sdkFor(bob).enrollments.enroll(second!.id)).error).toBeNull();

    expect((await hub.events.cancel(first!.id)).error).toBeNull();
    const notices = await db("select 1 from public.email_outbox where kind = 'event_cancelled' and recipient_id = $1 and event_id = $2", [
      ann.id,
      first!.id,
    ]);
    expect(notices).toHaveLength(1);

    // Moving the series to Wednesdays: bob's Tuesday is cancelled with notice, the empty ones go.
    expect((await hub.series.update(series.id, { rrule: "FREQ=WEEKLY;BYDAY=WE;COUNT=4" })).error).toBeNull();
    const now = (await hub.series.occurrences(series.id)).data!;
    expect(now.filter((e) => e.status === "cancelled").map((e) => e.id)).toEqual([first!.id, second!.id]);
    expect(now.filter((e) => e.status === "published").map((e) => local(e.starts_at!))).toEqual([
      "2027-03-17 19:00",
      "2027-03-24 19:00",
      "2027-03-31 19:00",
      "2027-04-07 19:00",
    ]);
    const bobNotice = await db("select 1 from public.email_outbox where kind = 'event_cancelled' and recipient_id = $1", [bob.id]);
    expect(bobNotice).toHaveLength(1);
  });

  it("followers are enrolled in each newly materialized occurrence, capacity and waitlist respected", async () => {
    const { series } = await createSeries(org, { title: "Follow club", rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=2" });
    const [fan1, fan2] = await Promise.all([createUser(), createUser()]);
    expect((await sdkFor(fan1).series.follow(series.id)).error).toBeNull();
    expect((await sdkFor(fan2).series.follow(series.id)).error).toBeNull();
    expect((await sdkFor(org).series.update(series.id, { rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=3" })).error).toBeNull();

    const occurrences = (await sdkFor(org).series.occurrences(series.id)).data!;
    expect(occurrences).toHaveLength(3);
    const newest = occurrences[2]!;
    const mine1 = (await sdkFor(fan1).enrollments.mine()).data!.filter((e) => e.event_id === newest.id);
    const mine2 = (await sdkFor(fan2).enrollments.mine()).data!.filter((e) => e.event_id === newest.id);
    expect(mine1.map((e) => e.status)).toEqual(["enrolled"]);
    expect(mine2.map((e) => e.status)).toEqual(["waitlisted"]); // capacity 1
    // Only new occurrences: the first two were there before they followed.
    const older = await db("select 1 from public.enrollments where user_id = any($1) and event_id = any($2)", [
      [fan1.id, fan2.id],
      occurrences.slice(0, 2).map((e) => e.id),
    ]);
    expect(older).toHaveLength(0);
  });

  it("the series .ics round-trips: RRULE, EXDATE and overrides expand to the occurrences", async () => {
    const hub = sdkFor(org);
    const { series, occurrences } = await createSeries(org, { title: "Calendar club", rrule: "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270420" });
    expect(occurrences).toHaveLength(6);
    expect((await hub.events.cancel(occurrences[1]!.id)).error).toBeNull();
    expect((await hub.events.update(occurrences[3]!.id, { title: "Calendar club: outdoors" })).error).toBeNull();

    const response = await fetch(hub.series.calendarUrl(series.id));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/calendar");
    const text = await response.text();
    expect(text).toMatch(/RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20270420T215959Z/);
    expect(text).toMatch(/EXDATE;TZID=Europe\/Amsterdam:20270323T190000/);

    const parsed = ical.sync.parseICS(text);
    const master = Object.values(parsed).find((c): c is VEvent => c?.type === "VEVENT" && Boolean((c as VEvent).rrule));
    expect(master).toBeDefined();
    const instances = ical.expandRecurringEvent(master!, { from: new Date("2027-01-01"), to: new Date("2027-12-31") });
    const published = (await hub.series.occurrences(series.id)).data!.filter((e) => e.status === "published");
    expect(instances.map((i) => new Date(i.start).toISOString())).toEqual(published.map((e) => new Date(e.starts_at!).toISOString()));
    expect(instances.map((i) => i.summary)).toEqual(published.map((e) => e.title));

    expect((await fetch(hub.series.calendarUrl("00000000-0000-4000-8000-000000000000"))).status).toBe(404);
    expect((await fetch(hub.series.calendarUrl("nope"))).status).toBe(404);
  });
});
