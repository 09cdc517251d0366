// Enrollment over HTTP: status codes of every outcome, capacity under 200 concurrent requests,
// waitlist promotion, and who may see enrollments.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Event } from "../sdk/src/index.ts";
import { pastEvent, publishedEvent } from "./helpers/events.ts";
import { closeDb, createUser, createUsers, db, env, sdkFor, type TestUser } from "./helpers/stack.ts";

afterAll(closeDb);

function post(token: string, body: unknown) {
  return fetch(`${env.url}/functions/v1/enrollments`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

describe("enrollment outcomes", () => {
  let fac: TestUser;
  let seeker: TestUser;
  let event: Event;

  beforeAll(async () => {
    [fac, seeker] = await Promise.all([createUser("facilitator"), createUser("seeker")]);
    event = await publishedEvent(fac, { title: "Board game night", capacity: 1 });
  });

  it("201 enrolled, then 409 for a second try", async () => {
    const first = await post(seeker.token, { event_id: event.id });
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ status: "enrolled", event_id: event.id, position: null });
    const again = await post(seeker.token, { event_id: event.id });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: { code: "conflict", details: { reason: "already_enrolled" } } });
  });

  it("202 waitlisted with a position when full", async () => {
    const late = await createUser();
    const response = await post(late.token, { event_id: event.id });
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ status: "waitlisted", position: 1 });
  });

  it("200 cancelled; cancelling again is 404", async () => {
    const response = await fetch(`${env.url}/functions/v1/enrollments/${event.id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${seeker.token}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "cancelled", promoted: 1 });
    const again = await fetch(`${env.url}/functions/v1/enrollments/${event.id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${seeker.token}` },
    });
    expect(again.status).toBe(404);
  });

  it("422 for past, cancelled and (for members) draft events", async () => {
    const past = await pastEvent(fac, "Last week's meetup");
    expect((await post(seeker.token, { event_id: past.id })).status).toBe(422);
    const called = await publishedEvent(fac, { title: "Called off" });
    await sdkFor(fac).events.cancel(called.id);
    const cancelled = await post(seeker.token, { event_id: called.id });
    expect(cancelled.status).toBe(422);
    expect(await cancelled.json()).toMatchObject({ error: { code: "unprocessable", details: { reason: "event_cancelled" } } });
    const draft = await sdkFor(fac).events.create({ title: "Draft with members" });
    await sdkFor(fac).events.join(draft.data!.id, seeker.id);
    const drafted = await post(seeker.token, { event_id: draft.data!.id });
    expect(drafted.status).toBe(422);
  });

  it("404 for unknown events and for drafts the caller cannot see", async () => {
    expect((await post(seeker.token, { event_id: "00000000-0000-4000-8000-000000000000" })).status).toBe(404);
    const draft = await sdkFor(fac).events.create({ title: "Invisible draft" });
    expect((await post(seeker.token, { event_id: draft.data!.id })).status).toBe(404);
  });

  it("401 without a user token (the anon key is not a user)", async () => {
    expect((await post(env.anonKey, { event_id: event.id })).status).toBe(401);
    const none = await fetch(`${env.url}/functions/v1/enrollments`, { method: "POST", body: "{}" });
    expect(none.status).toBe(401);
  });

  it("400 for malformed JSON and invalid ids, listing the field", async () => {
    const bad = await post(seeker.token, "{not json");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "bad_request" } });
    const wrong = await post(seeker.token, { event_id: "42; drop table events" });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: { code: "invalid_input", details: [{ field: "event_id" }] } });
  });

  it("re-enrolling after cancelling works and reuses the row", async () => {
    const again = await post(seeker.token, { event_id: event.id });
    expect(again.status).toBe(202); // the promoted person holds the only seat now
    const [row] = await db<{ n: string }>("select count(*) as n from public.enrollments where event_id = $1 and user_id = $2", [
      event.id,
      seeker.id,
    ]);
    expect(row?.n).toBe("1");
  });
});

describe("capacity under contention", () => {
  it("200 concurrent enrollments for 50 seats: exactly 50 enrolled, 150 waitlisted in order; cancelling 10 promotes the first 10", async () => {
    const fac = await createUser("facilitator");
    const event = await publishedEvent(fac, { title: "Popular workshop", capacity: 50 });
    const users = await createUsers(200);

    const responses = await Promise.all(users.map((u) => post(u.token, { event_id: event.id })));
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as { status: string; position: number | null }[];
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(50);
    expect(statuses.filter((s) => s === 202)).toHaveLength(150);
    // Every waitlisted person got a distinct place, 1..150.
    const positions = bodies.filter((b) => b.status === "waitlisted").map((b) => b.position);
    expect([...positions].sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));

    const [counts] = await db<{ enrolled: string; waitlisted: string; enrolled_count: number }>(
      `select count(*) filter (where status = 'enrolled') as enrolled, count(*) filter (where status = 'waitlisted') as waitlisted,
              (select enrolled_count from public.events where id = $1) as enrolled_count
         from public.enrollments where event_id = $1`,
      [event.id],
    );
    expect(counts).toMatchObject({ enrolled: "50", waitlisted: "150", enrolled_count: 50 });

    // The queue order in the database is the order the positions were handed out.
    const queue = await db<{ user_id: string }>(
      "select user_id from public.enrollments where event_id = $1 and status = 'waitlisted' order by waitlist_ticket",
      [event.id],
    );
    const byPosition = users
      .map((u, i) => ({ id: u.id, body: bodies[i]! }))
      .filter((x) => x.body.status === "waitlisted")
      .sort((a, b) => (a.body.position ?? 0) - (b.body.position ?? 0))
      .map((x) => x.id);
    expect(queue.map((q) => q.user_id)).toEqual(byPosition);

    const enrolledUsers = users.filter((_, i) => bodies[i]?.status === "enrolled").slice(0, 10);
    const cancels = await Promise.all(enrolledUsers.map((u) => sdkFor(u).enrollments.cancel(event.id)));
    expect(cancels.every((c) => c.error === null)).toBe(true);
    const promoted = await db<{ user_id: string }>(
      "select user_id from public.enrollments where event_id = $1 and status = 'enrolled' and user_id = any($2::uuid[])",
      [event.id, byPosition.slice(0, 10)],
    );
    expect(promoted).toHaveLength(10);
    const [after] = await db<{ enrolled: string }>(
      "select count(*) filter (where status = 'enrolled') as enrolled from public.enrollments where event_id = $1",
      [event.id],
    );
    expect(after?.enrolled).toBe("50");
  });
});

describe("who sees enrollments", () => {
  it("a seeker sees only their own enrollments and no attendee list; the organizer sees the list", async () => {
    const [fac, a, b] = await Promise.all([createUser("facilitator"), createUser(), createUser()]);
    const event = await publishedEvent(fac, { title: "Privacy picnic" });
    await sdkFor(a).enrollments.enroll(event.id);
    await sdkFor(b).enrollments.enroll(event.id);

    const mine = await sdkFor(a).enrollments.mine({ status: "enrolled", timeframe: "upcoming" });
    expect(mine.data?.map((e) => e.event_id)).toEqual([event.id]);
    const peek = await sdkFor(a).supabase.from("enrollments").select("user_id").eq("event_id", event.id);
    expect(peek.data?.map((r) => r.user_id)).toEqual([a.id]);
    const list = await sdkFor(a).events.attendees(event.id);
    expect(list.data).toEqual([]);

    const organizerView = await sdkFor(fac).events.attendees(event.id);
    expect(organizerView.data?.map((r) => r.user_id).sort()).toEqual([a.id, b.id].sort());
  });

  it("clients cannot insert enrollments directly", async () => {
    const [fac, a] = await Promise.all([createUser("facilitator"), createUser()]);
    const event = await publishedEvent(fac, { title: "No shortcuts" });
    const { error } = await sdkFor(a).supabase.from("enrollments").insert({ event_id: event.id, user_id: a.id, status: "enrolled" });
    expect(error?.code).toBe("42501");
  });

  it("a seeker's lists: upcoming, past, waitlisted, cancelled", async () => {
    const [fac, a, other] = await Promise.all([createUser("facilitator"), createUser(), createUser()]);
    const full = await publishedEvent(fac, { title: "One seat", capacity: 1 });
    const open = await publishedEvent(fac, { title: "Open doors" });
    const gone = await publishedEvent(fac, { title: "Changed my mind" });
    await sdkFor(other).enrollments.enroll(full.id);
    const sdk = sdkFor(a);
    await sdk.enrollments.enroll(full.id);
    await sdk.enrollments.enroll(open.id);
    await sdk.enrollments.enroll(gone.id);
    await sdk.enrollments.cancel(gone.id);
    await db("update public.events set starts_at = now() - interval '1 day', ends_at = null where id = $1", [open.id]);
    const titles = async (f: Parameters<typeof sdk.enrollments.mine>[0]) =>
      ((await sdk.enrollments.mine(f)).data ?? []).map((e) => e.title);
    expect(await titles({ status: "waitlisted" })).toEqual(["One seat"]);
    expect(await titles({ status: "cancelled" })).toEqual(["Changed my mind"]);
    expect(await titles({ timeframe: "past" })).toEqual(["Open doors"]);
    expect((await sdk.enrollments.mine({ status: "waitlisted" })).data?.[0]?.waitlist_position).toBe(1);
  });
});
