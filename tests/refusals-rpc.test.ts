// One way to refuse and one database path for function writes, over HTTP through the gateway:
// rpc/enroll, rpc/cancel_enrollment and rpc/check_in as the caller answer PostgREST's status for the
// refusal (PT<status>) with the reason as hint and the facts as JSON details, which the contract's one
// parser (apiErrorOf) maps to the refusal table; rpc/count_function_write is the service role's and
// answers the pre-request's 429. Writes through these RPCs count against the REST rate limit.
import { apiErrorOf, refusals } from "@gatherhub/contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Event } from "../sdk/src/index.ts";
import { publishedEvent } from "./helpers/events.ts";
import { closeDb, createUser, db, env, sdkFor, type TestUser } from "./helpers/stack.ts";

afterAll(closeDb);

const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

interface PostgrestError {
  code: string;
  message: string;
  details: string | null;
  hint: string | null;
}

async function rpc(name: string, token: string | null, args: Record<string, unknown>) {
  const response = await fetch(`${env.url}/rest/v1/rpc/${name}`, {
    method: "POST",
    headers: { apikey: env.anonKey, authorization: `Bearer ${token ?? env.anonKey}`, "content-type": "application/json" },
    body: JSON.stringify(args),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : null) as unknown };
}

async function ticketCode(user: TestUser, eventId: string): Promise<string> {
  const [row] = await db<{ code: string }>(
    "select t.code from public.tickets t join public.enrollments en on en.id = t.enrollment_id where en.user_id = $1 and en.event_id = $2",
    [user.id, eventId],
  );
  return row!.code;
}

describe("refusals through rpc/ as the caller", () => {
  let org: TestUser;
  let other: TestUser;
  let ann: TestUser;
  let soon: Event;

  beforeAll(async () => {
    [org, other, ann] = await Promise.all([createUser("facilitator"), createUser("facilitator"), createUser()]);
    soon = await publishedEvent(org, { title: "Refusals over RPC", starts_at: inMinutes(60), ends_at: inMinutes(120), capacity: 10 });
  });

  it("enrolls the caller, then refuses a second time with 409, the reason as hint and the table's message", async () => {
    const first = await rpc("enroll", ann.token, { event_id: soon.id });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: "enrolled", position: null, event_id: soon.id });
    const [row] = await db<{ user_id: string }>("select user_id from public.enrollments where event_id = $1", [soon.id]);
    expect(row?.user_id).toBe(ann.id);

    const again = await rpc("enroll", ann.token, { event_id: soon.id });
    expect(again.status).toBe(409);
    const error = again.body as PostgrestError;
    expect(error).toMatchObject({ code: "PT409", hint: "already_enrolled", message: refusals.already_enrolled.message });
    expect(JSON.parse(error.details ?? "{}")).toEqual({ event_id: soon.id, status: "enrolled" });
    // The contract's one parser reads it the same way for functions and the SDK.
    expect(apiErrorOf(error)).toEqual({
      status: 409,
      code: "conflict",
      message: refusals.already_enrolled.message,
      details: { event_id: soon.id, status: "enrolled", reason: "already_enrolled" },
    });
  });

  it("answers 404 event_not_found for another organizer's draft, as if it did not exist", async () => {
    const draft = await sdkFor(other).events.create({ title: "Secret draft", starts_at: inMinutes(600), timezone: "UTC" });
    expect(draft.error).toBeNull();
    for (const name of ["enroll", "cancel_enrollment"]) {
      const refused = await rpc(name, ann.token, { event_id: draft.data!.id });
      expect(refused.status).toBe(404);
      expect(refused.body).toMatchObject({ code: "PT404", hint: "event_not_found", message: refusals.event_not_found.message });
    }
  });

  it("answers 401 to anon", async () => {
    const refused = await rpc("enroll", null, { event_id: soon.id });
    expect(refused.status).toBe(401);
    expect((refused.body as PostgrestError).code).toBe("42501");
  });

  it("checks a ticket in as the calling organizer, and refuses a malformed code with 400 ticket_malformed", async () => {
    const code = await ticketCode(ann, soon.id);
    const first = await rpc("check_in", org.token, { code, event_id: soon.id });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: "checked_in", event_id: soon.id, attendee: { user_id: ann.id } });
    const [row] = await db<{ checked_in_by: string }>("select checked_in_by from public.tickets where code = $1", [code]);
    expect(row?.checked_in_by).toBe(org.id);

    const malformed = await rpc("check_in", org.token, { code: "not a ticket", event_id: soon.id });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ code: "PT400", hint: "ticket_malformed", message: refusals.ticket_malformed.message });
    const stranger = await rpc("check_in", ann.token, { code, event_id: soon.id });
    expect(stranger.status).toBe(403);
    expect((stranger.body as PostgrestError).hint).toBe("not_organizer");
  });

  it("counts rpc/enroll and rpc/cancel_enrollment against the REST write limit (pre-request)", async () => {
    const busy = await createUser();
    await db("insert into public.rate_limits (subject, max_writes, window_seconds, note) values ($1, 2, 3600, 'refusals-rpc test')", [
      `user:${busy.id}`,
    ]);
    expect((await rpc("enroll", busy.token, { event_id: soon.id })).status).toBe(200);
    expect((await rpc("cancel_enrollment", busy.token, { event_id: soon.id })).status).toBe(200);
    const limited = await rpc("enroll", busy.token, { event_id: soon.id });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((limited.body as PostgrestError).code).toBe("rate_limited");
  });
});

describe("rpc/count_function_write", () => {
  it("is refused to users and counts writes for the service role, answering 429 with Retry-After over the limit", async () => {
    const user = await createUser();
    const asUser = await rpc("count_function_write", user.token, { user_id: user.id });
    expect(asUser.status).toBe(403);
    expect((asUser.body as PostgrestError).code).toBe("42501");

    await db("insert into public.rate_limits (subject, max_writes, window_seconds, note) values ($1, 3, 3600, 'refusals-rpc test')", [
      `user:${user.id}`,
    ]);
    expect((await rpc("count_function_write", env.serviceRoleKey, { user_id: user.id })).status).toBe(204);
    expect((await rpc("count_function_write", env.serviceRoleKey, { user_id: user.id, weight: 2 })).status).toBe(204);
    const limited = await rpc("count_function_write", env.serviceRoleKey, { user_id: user.id });
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(limited.body).toMatchObject({ code: "rate_limited", message: expect.stringMatching(/at most 3 per 3600 s/) });
    const [row] = await db<{ hits: number }>("select sum(hits)::integer as hits from private.rate_limit_counters where subject = $1", [
      `user:${user.id}`,
    ]);
    expect(row?.hits).toBe(3);
  });
});
