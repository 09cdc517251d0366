// Faults: PostgREST and an edge function are killed while requests are in flight. The gateway must
// answer 502/503 in the JSON error shape, recover when the process is back, and no write may be
// half-applied (every request is one transaction: all of its rows or none).
import { afterAll, describe, expect, it } from "vitest";
import { control, eventually, isErrorShape, restReady } from "./helpers/control.ts";
import { closeDb, createUser, db, env, type TestUser } from "./helpers/stack.ts";

afterAll(async () => {
  // Whatever happened, leave the stack whole for the suites that follow.
  await control("rest", "start").catch(() => {});
  await control("fn:enrollments", "start").catch(() => {});
  await closeDb();
});

interface Answer {
  status: number;
  body: unknown;
}

async function call(url: string, init: RequestInit): Promise<Answer> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: the assertions below say so
  }
  return { status: response.status, body };
}

function expectOnly(answers: Answer[], allowed: number[]): void {
  for (const a of answers) {
    expect(allowed, JSON.stringify(a)).toContain(a.status);
    if (a.status === 502 || a.status === 503) expect(isErrorShape(a.body), JSON.stringify(a.body)).toBe(true);
  }
}

const batchSize = 25;

describe("faults", () => {
  it("PostgREST killed mid-load: 503 in the error shape, recovery, and batches all-or-nothing", async () => {
    const organizer = await createUser("facilitator");
    const [event] = await db<{ id: string }>(
      "insert into public.events (organizer_id, title, timezone) values ($1, 'Fault drill', 'UTC') returning id",
      [organizer.id],
    );
    const eventId = event?.id as string;
    const headers = { apikey: env.anonKey, authorization: `Bearer ${organizer.token}`, "content-type": "application/json" };
    const insertBatch = (batch: number) =>
      call(`${env.url}/rest/v1/tasks`, {
        method: "POST",
        headers: { ...headers, prefer: "return=minimal" },
        body: JSON.stringify(
          Array.from({ length: batchSize }, (_, i) => ({ event_id: eventId, title: `fault-${batch}-${i}`, position: i })),
        ),
      }).catch((err: Error) => ({ status: 0, body: err.message }));

    // Bounded load: 3 workers, 8 batches each, running while PostgREST is stopped and started.
    let batch = 0;
    const answers: Answer[] = [];
    const worker = async () => {
      for (let i = 0; i < 8; i++) answers.push(await insertBatch(batch++));
    };
    const load = Promise.all([worker(), worker(), worker()]);
    await control("rest", "stop");
    const whileDown = await call(`${env.url}/rest/v1/events?select=id&limit=1`, { headers: { apikey: env.anonKey } });
    await control("rest", "start");
    await load;

    expect(whileDown.status).toBe(503);
    expect(isErrorShape(whileDown.body)).toBe(true);
    expect((whileDown.body as { error: { code: string } }).error.code).toBe("unavailable");
    expectOnly(answers, [201, 502, 503]);

    await eventually("PostgREST", restReady);
    const after = await insertBatch(batch++);
    expect(after.status).toBe(201);

    const counts = await db<{ batch: string; n: number }>(
      "select split_part(title, '-', 2) as batch, count(*)::int as n from public.tasks where event_id = $1 group by 1",
      [eventId],
    );
    for (const c of counts) expect(c.n, `batch ${c.batch}`).toBe(batchSize);
    const created = answers.filter((a) => a.status === 201).length + 1;
    expect(counts.length).toBeGreaterThanOrEqual(created);
  });

  it("an edge function killed mid-load: 503 in the error shape, recovery, and seat counts that match the rows", async () => {
    const organizer = await createUser("facilitator");
    const [event] = await db<{ id: string }>(
      `insert into public.events (organizer_id, title, timezone, starts_at, ends_at, capacity, status)
       values ($1, 'Fault drill enrollments', 'UTC', now() + interval '5 days', now() + interval '5 days 1 hour', 10, 'published') returning id`,
      [organizer.id],
    );
    const eventId = event?.id as string;
    const seekers: TestUser[] = await Promise.all(Array.from({ length: 24 }, () => createUser("seeker")));
    const enroll = (user: TestUser) =>
      call(`${env.url}/functions/v1/enrollments`, {
        method: "POST",
        headers: { apikey: env.anonKey, authorization: `Bearer ${user.token}`, "content-type": "application/json" },
        body: JSON.stringify({ event_id: eventId }),
      }).catch((err: Error) => ({ status: 0, body: err.message }));

    const answers: Answer[] = [];
    const queue = [...seekers];
    const worker = async () => {
      for (let user = queue.shift(); user; user = queue.shift()) answers.push(await enroll(user));
    };
    const load = Promise.all([worker(), worker(), worker(), worker()]);
    await control("fn:enrollments", "stop");
    const whileDown = await enroll(seekers[0] as TestUser);
    await control("fn:enrollments", "start");
    await load;

    expect([502, 503]).toContain(whileDown.status);
    expect(isErrorShape(whileDown.body)).toBe(true);
    expectOnly(answers, [201, 202, 502, 503]);

    await eventually("the enrollments function", async () => {
      const retry = await enroll(await createUser("seeker"));
      return retry.status === 201 || retry.status === 202;
    });

    const [state] = await db<{ enrolled_count: number; waitlisted_count: number; enrolled: number; waitlisted: number }>(
      `select e.enrolled_count, e.waitlisted_count,
              (select count(*)::int from public.enrollments where event_id = e.id and status = 'enrolled') as enrolled,
              (select count(*)::int from public.enrollments where event_id = e.id and status = 'waitlisted') as waitlisted
       from public.events e where e.id = $1`,
      [eventId],
    );
    expect(state?.enrolled_count).toBe(state?.enrolled);
    expect(state?.waitlisted_count).toBe(state?.waitlisted);
    expect(state?.enrolled).toBeLessThanOrEqual(10);
    const acknowledged = answers.filter((a) => a.status === 201 || a.status === 202).length + 1;
    expect((state?.enrolled ?? 0) + (state?.waitlisted ?? 0)).toBeGreaterThanOrEqual(acknowledged);
  });
});
