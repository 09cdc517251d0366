// SDK for paid sessions: image checks before any upload, publishing rules, and the dashboards.
import { afterAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createGatherHub } from "../sdk/src/index.ts";
import { closeDb, createUser, env, sdkFor } from "./helpers/stack.ts";

afterAll(closeDb);

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

describe("session images", () => {
  it("type and size are checked client-side, before any request", async () => {
    const requests: string[] = [];
    const creator = await createUser("creator");
    const sdk = createGatherHub({
      url: env.url,
      anonKey: env.anonKey,
      accessToken: creator.token,
      webSocket: WebSocket,
      fetch: async (input, init) => {
        requests.push(String(input));
        return fetch(input, init);
      },
    });
    const gif = Object.assign(new Blob(["GIF89a"], { type: "image/gif" }), { name: "anim.gif" });
    const huge = Object.assign(new Blob([new Uint8Array(5 * 1024 * 1024 + 1)], { type: "image/png" }), { name: "huge.png" });
    expect((await sdk.sessions.uploadImage(gif)).error).toMatchObject({ code: "invalid_type", details: [{ field: "type" }] });
    expect((await sdk.sessions.uploadImage(huge)).error).toMatchObject({ code: "too_large", details: [{ field: "size" }] });
    expect(requests).toEqual([]);
    expect(sdk.sessions.validateImage({ name: "ok.webp", type: "image/webp", size: 1024 }).error).toBeNull();
  });
});

describe("sessions and dashboards through the SDK", () => {
  it("a seeker cannot create sessions; a creator cannot publish overlapping sessions", async () => {
    const seeker = sdkFor(await createUser());
    const input = {
      title: "Clay",
      price_minor: 1000,
      currency: "eur",
      duration_minutes: 60,
      location: "Studio",
      starts_at: inDays(5),
      capacity: 4,
    };
    expect((await seeker.sessions.create(input)).error?.code).toBe("forbidden");
    const creator = sdkFor(await createUser("creator"));
    const first = await creator.sessions.create({ ...input, published: true });
    const second = await creator.sessions.create({
      ...input,
      starts_at: new Date(Date.parse(input.starts_at) + 30 * 60_000).toISOString(),
    });
    expect(first.error).toBeNull();
    expect((await creator.sessions.publish(second.data!.id)).error?.details).toMatchObject({ sqlstate: "23P01" });
    expect((await seeker.sessions.list()).data?.map((s) => s.id)).toContain(first.data!.id);
  });

  it("user and creator dashboards reflect a booking", async () => {
    const creatorUser = await createUser("creator");
    const creator = sdkFor(creatorUser);
    const session = await creator.sessions.create({
      title: "Free intro",
      price_minor: 0,
      currency: "usd",
      duration_minutes: 30,
      online_url: "https://meet.example.com/intro",
      starts_at: inDays(4),
      capacity: 3,
      published: true,
    });
    const user = sdkFor(await createUser());
    await user.bookings.book(session.data!.id);
    const mine = await user.dashboards.user();
    expect(mine.data?.upcoming).toEqual([expect.objectContaining({ session_id: session.data!.id, status: "confirmed" })]);
    const dash = await creator.dashboards.creator();
    expect(dash.data?.sessions).toEqual([expect.objectContaining({ confirmed_bookings: 1, seats_left: 2, revenue_minor: 0 })]);
    expect(dash.data?.revenue).toEqual([{ currency: "usd", revenue_minor: 0, confirmed_bookings: 1 }]);
    expect((await user.bookings.mine()).data).toHaveLength(1);
  });
});

describe("session list paging", () => {
  it("a cursor pages through a creator's sessions once each while an earlier one is published mid-way", async () => {
    const creator = await createUser("creator");
    const sdk = sdkFor(creator);
    const create = (title: string, days: number) =>
      sdk.sessions.create({
        title,
        price_minor: 0,
        currency: "EUR",
        duration_minutes: 30,
        location: "Room 1",
        starts_at: inDays(days),
        capacity: 2,
        published: true,
      });
    for (let i = 1; i <= 5; i++) expect((await create(`Paged ${i}`, 10 + i)).error).toBeNull();

    const seen: string[] = [];
    let after: string | null = null;
    for (let round = 0; round < 10; round++) {
      const page = await sdkFor().sessions.listPage({ creatorId: creator.id, limit: 2, after });
      expect(page.error).toBeNull();
      seen.push(...page.data!.rows.map((s) => s.title));
      if (round === 0) expect((await create("Paged 0 (new, earlier)", 10)).error).toBeNull();
      after = page.data!.next;
      if (!after) break;
    }
    expect(seen).toEqual(["Paged 1", "Paged 2", "Paged 3", "Paged 4", "Paged 5"]);
    expect((await sdkFor().sessions.listPage({ after: "garbage" })).error?.code).toBe("invalid_input");
  });
});
