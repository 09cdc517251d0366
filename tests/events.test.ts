// Events through the SDK: who creates and publishes, every search filter, pagination.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Event } from "../sdk/src/index.ts";
import { inDays, pastEvent, publishedEvent, runTag } from "./helpers/events.ts";
import { closeDb, createUser, sdkFor, type TestUser } from "./helpers/stack.ts";

afterAll(closeDb);

describe("creating events", () => {
  it("a facilitator creates a draft, edits it and publishes it; the slug stays", async () => {
    const fac = await createUser("facilitator");
    const sdk = sdkFor(fac);
    const created = await sdk.events.create({ title: "Sunday Chess Club", starts_at: inDays(3), timezone: "Europe/Berlin", capacity: 12 });
    expect(created.error).toBeNull();
    expect(created.data).toMatchObject({ status: "draft", organizer_id: fac.id });
    expect(created.data?.slug).toMatch(/^sunday-chess-club-[0-9a-f]{6}$/);
    const id = created.data!.id;
    const renamed = await sdk.events.update(id, { title: "Sunday Chess & Coffee" });
    expect(renamed.data?.slug).toBe(created.data?.slug);
    const published = await sdk.events.publish(id);
    expect(published.data?.status).toBe("published");
    const bySlug = await sdkFor().events.get(created.data!.slug);
    expect(bySlug.data?.title).toBe("Sunday Chess & Coffee");
  });

  it("a seeker cannot create events", async () => {
    const seeker = await createUser("seeker");
    const { error } = await sdkFor(seeker).events.create({ title: "Not allowed" });
    expect(error?.code).toBe("forbidden");
  });

  it("invalid input lists the offending fields and sends nothing", async () => {
    const fac = await createUser("facilitator");
    const { error } = await sdkFor(fac).events.create({ title: "x", timezone: "Mars/Base", capacity: -3 });
    expect(error?.code).toBe("invalid_input");
    const fields = ((error?.details ?? []) as { field: string }[]).map((d) => d.field).sort();
    expect(fields).toEqual(["capacity", "timezone", "title"]);
  });

  it("drafts are invisible to others, even by slug", async () => {
    const fac = await createUser("facilitator");
    const draft = await sdkFor(fac).events.create({ title: "Hidden planning" });
    const stranger = await createUser("seeker");
    const found = await sdkFor(stranger).events.get(draft.data!.slug);
    expect(found.error?.code).toBe("not_found");
  });

  it("capacity cannot drop below the number enrolled", async () => {
    const fac = await createUser("facilitator");
    const event = await publishedEvent(fac, { title: "Small room", capacity: 3 });
    const [a, b] = await Promise.all([createUser(), createUser()]);
    await sdkFor(a).enrollments.enroll(event.id);
    await sdkFor(b).enrollments.enroll(event.id);
    const { error } = await sdkFor(fac).events.update(event.id, { capacity: 1 });
    expect(error?.code).toBe("invalid_input");
    expect(error?.message).toMatch(/below the 2 people already enrolled/);
  });
});

describe("search", () => {
  let alice: TestUser;
  let bob: TestUser;
  const events: Partial<Record<"yoga" | "stammtisch" | "salsa" | "past", Event>> = {};
  // Only this block's events: every search below also filters on this tag.
  const searchTag = `search-${runTag}`;

  beforeAll(async () => {
    [alice, bob] = await Promise.all([createUser("facilitator", "Alice Organizer"), createUser("facilitator", "Bob Organizer")]);
    events.yoga = await publishedEvent(alice, {
      title: "Morning Yoga by the Canal",
      description: "Gentle yoga for beginners",
      location: "Amsterdam Noord",
      language: "en",
      starts_at: inDays(2),
      ends_at: inDays(2, 11),
      capacity: 1,
      tags: ["yoga", "outdoor", searchTag],
    });
    events.stammtisch = await publishedEvent(alice, {
      title: "Deutscher Stammtisch",
      description: "Sprachcafé",
      location: "Café Berlin, AMSTERDAM",
      language: "de",
      starts_at: inDays(5),
      ends_at: inDays(5, 12),
      tags: ["language", searchTag],
    });
    events.salsa = await publishedEvent(bob, {
      title: "Salsa Social",
      description: "Dance night, yoga stretching first",
      location: "Rotterdam",
      language: "es",
      starts_at: inDays(9),
      ends_at: inDays(9, 12),
      capacity: 40,
      tags: ["dance", searchTag],
    });
    events.past = await pastEvent(bob, "Yoga Retrospective", [searchTag]);
    // The one-seat yoga class becomes full.
    const seeker = await createUser();
    const enrolled = await sdkFor(seeker).enrollments.enroll(events.yoga!.id);
    expect(enrolled.data?.status).toBe("enrolled");
  });

  const titles = (rows: { title: string }[] | null) => (rows ?? []).map((r) => r.title);
  const search = (filters: Parameters<ReturnType<typeof sdkFor>["events"]["search"]>[0]) =>
    sdkFor().events.search({ timeframe: "upcoming", ...filters, tags: [searchTag, ...(filters?.tags ?? [])] });

  it("by location: case-insensitive and partial", async () => {
    expect(titles((await search({ location: "amsterdam" })).data).sort()).toEqual(["Deutscher Stammtisch", "Morning Yoga by the Canal"]);
    expect(titles((await search({ location: "ROTTER" })).data)).toEqual(["Salsa Social"]);
  });

  it("by language", async () => {
    expect(titles((await search({ language: "de" })).data)).toEqual(["Deutscher Stammtisch"]);
  });

  it("by date range", async () => {
    expect(titles((await search({ startsAfter: inDays(4, 0), startsBefore: inDays(6, 0) })).data)).toEqual(["Deutscher Stammtisch"]);
  });

  it("by free text over title, description and location, ranked", async () => {
    const { data } = await search({ q: "yoga" });
    expect(titles(data)).toEqual(["Morning Yoga by the Canal", "Salsa Social"]); // title match outranks description
    expect(data?.[0]?.rank).toBeGreaterThan(data?.[1]?.rank ?? 0);
    expect(titles((await search({ q: "rotterdam" })).data)).toEqual(["Salsa Social"]);
  });

  it("by organizer, with the organizer's name on each result", async () => {
    const { data } = await search({ organizer: bob.id });
    expect(titles(data)).toEqual(["Salsa Social"]);
    expect(data?.[0]?.organizer_name).toBe("Bob Organizer");
  });

  it("by tags (all given tags must match)", async () => {
    expect(titles((await search({ tags: ["yoga", "outdoor"] })).data)).toEqual(["Morning Yoga by the Canal"]);
    expect((await search({ tags: ["yoga", "dance"] })).data).toEqual([]);
  });

  it("by free spots, with enrolled count and available spots on each row", async () => {
    const { data } = await search({ hasFreeSpots: true });
    expect(titles(data)).toEqual(["Deutscher Stammtisch", "Salsa Social"]);
    expect(data?.find((e) => e.title === "Salsa Social")).toMatchObject({ enrolled_count: 0, available_spots: 40 });
    expect(data?.find((e) => e.title === "Deutscher Stammtisch")?.available_spots).toBeNull(); // unlimited
    const full = await search({ hasFreeSpots: false });
    expect(full.data?.[0]).toMatchObject({ title: "Morning Yoga by the Canal", enrolled_count: 1, available_spots: 0 });
  });

  it("upcoming and past", async () => {
    expect(titles((await search({ timeframe: "past" })).data)).toEqual(["Yoga Retrospective"]);
    expect(titles((await search({ timeframe: "all", q: "yoga" })).data).sort()).toEqual([
      "Morning Yoga by the Canal",
      "Salsa Social",
      "Yoga Retrospective",
    ]);
  });

  it("ordering by start, title and creation, both directions", async () => {
    expect(titles((await search({})).data)).toEqual(["Morning Yoga by the Canal", "Deutscher Stammtisch", "Salsa Social"]);
    expect(titles((await search({ ascending: false })).data)).toEqual([
      "Salsa Social",
      "Deutscher Stammtisch",
      "Morning Yoga by the Canal",
    ]);
    expect(titles((await search({ orderBy: "title" })).data)).toEqual([
      "Deutscher Stammtisch",
      "Morning Yoga by the Canal",
      "Salsa Social",
    ]);
    expect(titles((await search({ orderBy: "created_at", ascending: false })).data)).toEqual([
      "Salsa Social",
      "Deutscher Stammtisch",
      "Morning Yoga by the Canal",
    ]);
  });

  it("combined filters", async () => {
    expect(titles((await search({ q: "yoga", location: "amsterdam", language: "en", hasFreeSpots: false })).data)).toEqual([
      "Morning Yoga by the Canal",
    ]);
  });

  it("pagination is stable and complete", async () => {
    const pages = await Promise.all([1, 2, 3, 4].map((page) => search({ timeframe: "all", pageSize: 1, page })));
    expect(pages.map((p) => titles(p.data))).toEqual([
      ["Yoga Retrospective"],
      ["Morning Yoga by the Canal"],
      ["Deutscher Stammtisch"],
      ["Salsa Social"],
    ]);
  });

  it("bad filters are refused with the offending field", async () => {
    const { error } = await search({ pageSize: 500 });
    expect(error?.code).toBe("invalid_input");
    expect(error?.details).toEqual([expect.objectContaining({ field: "pageSize" })]);
  });

  it("organizers list their events with counts", async () => {
    const { data } = await sdkFor(alice).events.mine();
    const yoga = data?.find((e) => e.id === events.yoga?.id);
    expect(yoga).toMatchObject({ enrolled_count: 1, waitlisted_count: 0, available_spots: 0, my_role: "organizer" });
    expect(data?.some((e) => e.id === events.salsa?.id)).toBe(false);
  });
});

describe("dashboards for events", () => {
  it("the user dashboard lists enrollments next to bookings; the facilitator dashboard has counts", async () => {
    const [fac, seeker] = await Promise.all([createUser("facilitator"), createUser("seeker", "Dee Dashboard")]);
    const event = await publishedEvent(fac, { title: "Dashboard social", capacity: 10 });
    await sdkFor(seeker).enrollments.enroll(event.id);
    const mine = await sdkFor(seeker).dashboards.user();
    expect(mine.data?.profile?.display_name).toBe("Dee Dashboard");
    expect(mine.data?.enrollments.upcoming.map((e) => e.event_id)).toEqual([event.id]);
    expect(mine.data?.enrollments.past).toEqual([]);
    const facilitator = await sdkFor(fac).dashboards.facilitator();
    expect(facilitator.data?.find((e) => e.id === event.id)).toMatchObject({ enrolled_count: 1, available_spots: 9 });
  });
});

describe("cursor pagination", () => {
  it("paging the newest events by cursor shows each once while a new one is published mid-way; accents are ignored", async () => {
    const fac = await createUser("facilitator");
    const tag = `cursor-${runTag}`;
    for (let i = 0; i < 5; i++) await publishedEvent(fac, { title: `Café paging ${i}`, tags: [tag] });
    const hub = sdkFor();
    const seen: string[] = [];
    let after: string | undefined;
    for (let pageNo = 0; pageNo < 10; pageNo++) {
      const { data, error } = await hub.events.search({
        q: "cafe",
        tags: [tag],
        orderBy: "created_at",
        ascending: false,
        pageSize: 2,
        after,
      });
      expect(error).toBeNull();
      seen.push(...(data ?? []).map((r) => r.title));
      if (pageNo === 0) await publishedEvent(fac, { title: "Café paging newest", tags: [tag] });
      if (!data || data.length < 2) break;
      after = data.at(-1)?.cursor ?? undefined;
    }
    expect(seen).toEqual(["Café paging 4", "Café paging 3", "Café paging 2", "Café paging 1", "Café paging 0"]);

    const bad = await hub.events.search({ tags: [tag], after: "bm90IGEgY3Vyc29y" });
    expect(bad.error?.code).toBe("invalid_input");
    expect(bad.error?.status).toBe(400);
  });
});
