// REST write rate limits end to end: PostgREST's pre-request hook answers 429 with a clear JSON body
// and Retry-After once a subject is over its limit; reads and other users are unaffected.
// Each test lowers the limit for its own fresh user only, so no other suite meets the limiter.
import { afterAll, describe, expect, it } from "vitest";
import { readConfig } from "../stack/lib/config.ts";
import { publishedEvent } from "./helpers/events.ts";
import { closeDb, createUser, db, env, sdkFor, type TestUser } from "./helpers/stack.ts";

afterAll(closeDb);

async function limitUser(user: TestUser, maxWrites: number): Promise<void> {
  await db("insert into public.rate_limits (subject, max_writes, window_seconds, note) values ($1, $2, 3600, 'rate-limits test')", [
    `user:${user.id}`,
    maxWrites,
  ]);
}

function patchBio(user: TestUser, bio: string): Promise<Response> {
  return fetch(`${env.url}/rest/v1/profiles?id=eq.${user.id}`, {
    method: "PATCH",
    headers: { apikey: env.anonKey, authorization: `Bearer ${user.token}`, "content-type": "application/json" },
    body: JSON.stringify({ bio }),
  });
}

describe("REST write rate limits", () => {
  it("answers 429 with Retry-After and a JSON body once a user is over the limit, and keeps nothing of the refused write", async () => {
    const user = await createUser("seeker");
    await limitUser(user, 3);
    for (const bio of ["one", "two", "three"]) expect((await patchBio(user, bio)).status).toBe(204);

    const refused = await patchBio(user, "four");
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    const body = (await refused.json()) as { code: string; message: string; details: string; hint: string };
    expect(body.code).toBe("rate_limited");
    expect(body.message).toMatch(/at most 3 per 3600 s/);
    expect(body.hint).toMatch(/Retry-After/);
    expect((await db("select bio from public.profiles where id = $1", [user.id]))[0]?.bio).toBe("three");
  });

  it("keeps reads unlimited and other users unaffected, and the SDK reports rate_limited", async () => {
    const limited = await createUser("seeker");
    const other = await createUser("seeker");
    await limitUser(limited, 1);
    const hub = sdkFor(limited);
    expect((await hub.profiles.updateMine({ bio: "first" })).error).toBeNull();
    const { error } = await hub.profiles.updateMine({ bio: "second" });
    expect(error?.code).toBe("rate_limited");
    expect(error?.status).toBe(429);

    for (let i = 0; i < 5; i++) expect((await hub.profiles.getMine()).error).toBeNull();
    expect((await sdkFor(other).profiles.updateMine({ bio: "unaffected" })).error).toBeNull();
  });

  it("lets an admin tune the default limit through the API, and nobody else", async () => {
    const admin = await createUser("admin");
    const seeker = await createUser("seeker");
    const get = (user: TestUser) =>
      fetch(`${env.url}/rest/v1/rate_limits?subject=eq.default&select=max_writes`, {
        headers: { apikey: env.anonKey, authorization: `Bearer ${user.token}` },
      }).then((r) => r.json());
    const [row] = (await get(admin)) as { max_writes: number }[];
    expect(row?.max_writes).toBeGreaterThanOrEqual(100);
    expect(await get(seeker)).toEqual([]);

    const patch = (user: TestUser, maxWrites: number) =>
      fetch(`${env.url}/rest/v1/rate_limits?subject=eq.default`, {
        method: "PATCH",
        headers: {
          apikey: env.anonKey,
          authorization: `Bearer ${user.token}`,
          "content-type": "application/json",
          prefer: "return=representation",
        },
        body: JSON.stringify({ max_writes: maxWrites }),
      }).then((r) => r.json());
    expect(await patch(seeker, 1_000_000)).toEqual([]);
    const [updated] = (await patch(admin, row?.max_writes ?? 600)) as { max_writes: number }[];
    expect(updated?.max_writes).toBe(row?.max_writes);
  });
});

function expectRateLimited(response: Response): void {
  expect(response.status).toBe(429);
  const retryAfter = Number(response.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(3600);
}

describe("what the limits count besides successful REST writes", () => {
  const restPost = (user: TestUser, table: string, body: unknown) =>
    fetch(`${env.url}/rest/v1/${table}`, {
      method: "POST",
      headers: { apikey: env.anonKey, authorization: `Bearer ${user.token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const callFunction = (user: TestUser, path: string, method: string, body?: unknown) =>
    fetch(`${env.url}/functions/v1/${path}`, {
      method,
      headers: { apikey: env.anonKey, authorization: `Bearer ${user.token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it("refused writes count: a seeker's refused event inserts end in 429", async () => {
    const seeker = await createUser("seeker");
    await limitUser(seeker, 3);
    for (let i = 0; i < 3; i++) expect((await restPost(seeker, "events", { title: `Not allowed ${i}` })).status).toBe(403);
    const refused = await restPost(seeker, "events", { title: "Not allowed 4" });
    expectRateLimited(refused);
    expect(((await refused.json()) as { code: string }).code).toBe("rate_limited");
  });

  it("a batch insert weighs its rows: 6 rows over a limit of 5 are refused whole", async () => {
    const fac = await createUser("facilitator");
    await limitUser(fac, 5);
    const rows = Array.from({ length: 6 }, (_, i) => ({ title: `Batch row ${i}` }));
    expectRateLimited(await restPost(fac, "events", rows));
    expect(await db("select 1 from public.events where organizer_id = $1", [fac.id])).toEqual([]);
  });

  it("the enrollments function is limited per user: enroll/cancel loops end in 429 in the function error shape", async () => {
    const [fac, seeker] = await Promise.all([createUser("facilitator"), createUser("seeker")]);
    const event = await publishedEvent(fac, { title: "Loop target" });
    await limitUser(seeker, 3);
    expect((await callFunction(seeker, "enrollments", "POST", { event_id: event.id })).status).toBe(201);
    expect((await callFunction(seeker, `enrollments/${event.id}`, "DELETE")).status).toBe(200);
    expect((await callFunction(seeker, "enrollments", "POST", { event_id: event.id })).status).toBe(201);
    const limited = await callFunction(seeker, `enrollments/${event.id}`, "DELETE");
    expectRateLimited(limited);
    expect(await limited.json()).toMatchObject({ error: { code: "rate_limited", details: { max_writes: 3 } } });
    const { error } = await sdkFor(seeker).enrollments.cancel(event.id);
    expect(error?.code).toBe("rate_limited");
  });

  it("payments are limited like any write, refused attempts included", async () => {
    const seeker = await createUser("seeker");
    await limitUser(seeker, 2);
    expect((await callFunction(seeker, "payments", "POST", {})).status).toBe(400);
    expect((await callFunction(seeker, "payments/cancel", "POST", {})).status).toBe(400);
    expectRateLimited(await callFunction(seeker, "payments", "POST", {}));
  });

  it("calendar feed rotation (a volatile RPC) is limited", async () => {
    const seeker = await createUser("seeker");
    await limitUser(seeker, 1);
    expect((await sdkFor(seeker).events.rotateCalendarFeed()).error).toBeNull();
    expect((await sdkFor(seeker).events.rotateCalendarFeed()).error?.code).toBe("rate_limited");
  });
});

describe("auth rate limits (config.toml, applied by `supabase config push`)", () => {
  it("limits every Auth endpoint family per IP, emails per hour", () => {
    const limits = (readConfig().auth as { rate_limit?: Record<string, unknown> }).rate_limit ?? {};
    // Upper bounds we accept; lowering any of them is always allowed.
    const ceilings: Record<string, number> = {
      email_sent: 30,
      sms_sent: 30,
      anonymous_users: 30,
      token_refresh: 150,
      sign_in_sign_ups: 30,
      token_verifications: 30,
    };
    for (const [key, ceiling] of Object.entries(ceilings)) {
      expect(limits[key], key).toBeTypeOf("number");
      expect(limits[key] as number, key).toBeGreaterThan(0);
      expect(limits[key] as number, key).toBeLessThanOrEqual(ceiling);
    }
  });
});
