// Calendars: the .ics of an event and the personal feed parse with an independent parser
// (node-ical) and keep the event's timezone; rotating the feed token revokes the old URL.
import ical, { type VEvent } from "node-ical";
import { afterAll, describe, expect, it } from "vitest";
import { publishedEvent } from "./helpers/events.ts";
import { closeDb, createUser, sdkFor } from "./helpers/stack.ts";

afterAll(closeDb);

describe("calendar", () => {
  it("an event's .ics parses and carries its timezone and times", async () => {
    const fac = await createUser("facilitator");
    const event = await publishedEvent(fac, {
      title: "Tokyo Tech Meetup",
      location: "Shibuya, Tokyo",
      timezone: "Asia/Tokyo",
      starts_at: "2030-03-10T09:00:00Z",
      ends_at: "2030-03-10T11:30:00Z",
    });
    const response = await fetch(sdkFor().events.calendarUrl(event.slug));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/text\/calendar/);
    const text = await response.text();
    expect(text).toContain("BEGIN:VTIMEZONE");
    expect(text).toMatch(/DTSTART;TZID=Asia\/Tokyo:20300310T180000/);
    const parsed = ical.sync.parseICS(text);
    const vevent = Object.values(parsed).find((c) => c?.type === "VEVENT") as VEvent;
    expect(vevent.summary).toBe("Tokyo Tech Meetup");
    expect(vevent.location).toBe("Shibuya, Tokyo");
    expect(new Date(vevent.start).toISOString()).toBe("2030-03-10T09:00:00.000Z");
    expect(new Date(vevent.end as Date).toISOString()).toBe("2030-03-10T11:30:00.000Z");
  });

  it("escapes every text value per RFC 5545, the calendar name included (no line injection)", async () => {
    const fac = await createUser("facilitator");
    const event = await publishedEvent(fac, {
      title: "Yoga; Pilates, and \\ more",
      location: "Park; gate 2, Zürich",
      description: "Bring:\nEND:VEVENT\nBEGIN:VEVENT",
    });
    const text = await (await fetch(sdkFor().events.calendarUrl(event.slug))).text();
    expect(text).toContain("\r\nNAME:Yoga\\; Pilates\\, and \\\\ more\r\n");
    expect(text).toContain("\r\nX-WR-CALNAME:Yoga\\; Pilates\\, and \\\\ more\r\n");
    expect(text).toContain("\r\nSUMMARY:Yoga\\; Pilates\\, and \\\\ more\r\n");
    expect(text).toContain("\r\nLOCATION:Park\\; gate 2\\, Zürich\r\n");
    expect(text.match(/^BEGIN:VEVENT/gm)).toHaveLength(1);
    const vevent = Object.values(ical.sync.parseICS(text)).find((c) => c?.type === "VEVENT") as VEvent;
    expect(vevent.description).toBe("Bring:\nEND:VEVENT\nBEGIN:VEVENT");
  });

  it("drafts and unknown slugs are 404 in the error shape", async () => {
    const fac = await createUser("facilitator");
    const draft = await sdkFor(fac).events.create({ title: "Secret", starts_at: "2030-01-01T10:00:00Z" });
    const response = await fetch(sdkFor().events.calendarUrl(draft.data!.slug));
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: "not_found" } });
  });

  it("the personal feed lists the user's enrollments; rotating revokes the old URL", async () => {
    const [fac, seeker] = await Promise.all([createUser("facilitator"), createUser()]);
    const a = await publishedEvent(fac, { title: "Feed event A", timezone: "America/New_York" });
    const b = await publishedEvent(fac, { title: "Feed event B" });
    await sdkFor(seeker).enrollments.enroll(a.id);
    await sdkFor(seeker).enrollments.enroll(b.id);
    const first = await sdkFor(seeker).events.rotateCalendarFeed();
    const feed = await fetch(first.data!);
    expect(feed.status).toBe(200);
    const events = Object.values(ical.sync.parseICS(await feed.text())).filter((c) => c?.type === "VEVENT") as VEvent[];
    expect(events.map((e) => e.summary).sort()).toEqual(["Feed event A", "Feed event B"]);

    const second = await sdkFor(seeker).events.rotateCalendarFeed();
    expect(second.data).not.toBe(first.data);
    expect((await fetch(first.data!)).status).toBe(404);
    expect((await fetch(second.data!)).status).toBe(200);
  });
});
