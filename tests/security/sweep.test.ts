// Role-by-role security sweep: for every table and view PostgREST exposes, and every API role, try
// select / insert / update / delete on other users' rows through the gateway and compare what
// happened with tests/security/expectations.md. An exposed object without a row there fails the
// suite, so a new table cannot ship unreviewed. GATHERHUB_SWEEP_PRINT=1 prints the observed matrix.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, createUser, db, env } from "../helpers/stack.ts";

afterAll(closeDb);

const roles = ["anon", "seeker", "facilitator", "creator", "admin", "service_role"] as const;
type Role = (typeof roles)[number];
const operations = ["select", "insert", "update", "delete"] as const;
type Operation = (typeof operations)[number];
type Outcome = "all" | "public-only" | "own" | "denied";

/** Reads one checked-in table of expectations.md: the one whose header starts with `firstColumn`. */
function readTable(firstColumn: string): Map<string, Record<string, string>> {
  const lines = readFileSync(path.join(import.meta.dirname, "expectations.md"), "utf8").split("\n");
  const cellsOf = (l: string) =>
    l
      .trim()
      .slice(1, -1)
      .split("|")
      .map((c) => c.trim());
  // The legend is a table too: each table is read from its header to its last `|` line.
  const start = lines.findIndex((l) => l.trim().startsWith("|") && cellsOf(l)[0] === firstColumn);
  if (start < 0) throw new Error(`expectations.md has no table with a \`${firstColumn}\` column`);
  const header = cellsOf(lines[start] ?? "");
  const result = new Map<string, Record<string, string>>();
  for (const line of lines.slice(start + 2)) {
    if (!line.trim().startsWith("|")) break;
    const cells = cellsOf(line);
    const record: Record<string, string> = {};
    header.forEach((h, i) => {
      record[h] = cells[i] ?? "";
    });
    result.set(record[firstColumn] ?? "", record);
  }
  return result;
}

/** The row matrix: `| object | anon select | anon insert | … |`. */
const readExpectations = () => readTable("object");
/** Restricted columns: `| column | anon select | … |`. */
const readColumnExpectations = () => readTable("column");

/** Other users' rows: an organizer with a published and a draft event (planning on the draft), a
 * seeker enrolled and booked, a creator with a published and an unpublished session. */
async function makeWorld() {
  const [alice, bob, carol, dave, erin] = await Promise.all([
    createUser("facilitator"),
    createUser("seeker"),
    createUser("creator"),
    createUser("seeker"),
    createUser("seeker"),
  ]);
  const w = {
    alice: alice.id,
    bob: bob.id,
    carol: carol.id,
    dave: dave.id,
    erin: erin.id,
    eventPub: randomUUID(),
    eventDraft: randomUUID(),
    enrollment: randomUUID(),
    sessionPub: randomUUID(),
    sessionPriv: randomUUID(),
    booking: randomUUID(),
    stripeEvent: `evt_sweep_${randomUUID().slice(0, 8)}`,
    slot: randomUUID(),
    poll: randomUUID(),
    option1: randomUUID(),
    option2: randomUUID(),
    task: randomUUID(),
    limitSubject: `ip:192.0.2.${Math.floor(Math.random() * 250) + 1}-${randomUUID().slice(0, 8)}`,
    outboxKey: `sweep:${randomUUID()}`,
    eventLink: `https://meet.sweep.test/event-${randomUUID()}`,
    sessionLink: `https://meet.sweep.test/session-${randomUUID()}`,
    series: randomUUID(),
  };
  await db(
    `insert into public.events (id, organizer_id, title, description, location, starts_at, ends_at, timezone, capacity, status)
     values ($1, $3, 'Sweep published', 'x', 'Utrecht', now() + interval '10 days', now() + interval '10 days 2 hours', 'UTC', 10, 'published'),
            ($2, $3, 'Sweep draft', 'x', 'Utrecht', null, null, 'UTC', null, 'draft')`,
    [w.eventPub, w.eventDraft, w.alice],
  );
  await db("insert into public.event_members (event_id, user_id, role) values ($1, $3, 'member'), ($2, $3, 'member')", [
    w.eventPub,
    w.eventDraft,
    w.bob,
  ]);
  await db("insert into public.enrollments (id, event_id, user_id, status, enrolled_at) values ($1, $2, $3, 'enrolled', now())", [
    w.enrollment,
    w.eventPub,
    w.bob,
  ]);
  await db("update public.events set enrolled_count = 1, online_url = $2 where id = $1", [w.eventPub, w.eventLink]);
  await db("insert into public.calendar_feeds (user_id) values ($1)", [w.bob]);
  await db(
    `insert into public.sessions (id, creator_id, title, price_minor, currency, duration_minutes, location, starts_at, capacity, published)
     values ($1, $3, 'Sweep published session', 1000, 'eur', 60, 'Lisbon', now() + interval '7 days', 5, true),
            ($2, $3, 'Sweep unpublished session', 1000, 'eur', 60, 'Lisbon', now() + interval '7 days', 5, false)`,
    [w.sessionPub, w.sessionPriv, w.carol],
  );
  await db("update public.sessions set online_url = $2 where id = $1", [w.sessionPub, w.sessionLink]);
  await db(
    `insert into public.bookings (id, user_id, session_id, status, amount_minor, currency, confirmed_at)
     values ($1, $2, $3, 'confirmed', 1000, 'eur', now())`,
    [w.booking, w.bob, w.sessionPub],
  );
  await db("insert into public.stripe_events (id, type, stripe_created_at) values ($1, 'payment_intent.succeeded', now())", [
    w.stripeEvent,
  ]);
  await db("insert into public.time_slots (id, event_id, starts_at) values ($1, $2, now() + interval '20 days')", [w.slot, w.eventDraft]);
  await db("insert into public.slot_votes (slot_id, user_id, answer) values ($1, $2, 'yes')", [w.slot, w.bob]);
  await db("insert into public.polls (id, event_id, question, choice) values ($1, $2, 'Sweep?', 'single')", [w.poll, w.eventDraft]);
  await db("insert into public.poll_options (id, poll_id, label, position) values ($1, $3, 'Yes', 0), ($2, $3, 'No', 1)", [
    w.option1,
    w.option2,
    w.poll,
  ]);
  await db("insert into public.poll_votes (option_id, user_id) values ($1, $2)", [w.option1, w.bob]);
  await db("insert into public.tasks (id, event_id, title, assignee_id) values ($1, $2, 'Sweep task', $3)", [w.task, w.eventDraft, w.bob]);
  await db("insert into public.rate_limits (subject, max_writes, window_seconds, note) values ($1, 100000, 60, 'sweep fixture')", [
    w.limitSubject,
  ]);
  await db(
    `insert into public.event_series (id, organizer_id, rrule, timezone, first_starts_on, starts_at_local, duration, title)
     values ($1, $2, 'FREQ=WEEKLY;COUNT=2', 'UTC', current_date + 30, '10:00', '1 hour', 'Sweep series')`,
    [w.series, w.alice],
  );
  await db("insert into public.series_follows (series_id, user_id) values ($1, $2)", [w.series, w.bob]);
  // An email to bob, queued for later so no dispatcher sends it during the sweep.
  await db(
    `insert into public.email_outbox (kind, recipient_id, recipient_email, subject_table, subject_id, event_id, dedupe_key, next_attempt_at)
     values ('event_reminder', $1, 'bob@sweep.test', 'events', $2, $2, $3, now() + interval '30 days')`,
    [w.bob, w.eventPub, w.outboxKey],
  );
  return w;
}
type World = Awaited<ReturnType<typeof makeWorld>>;

interface Probe {
  /** PostgREST filters selecting other users' rows: private ones, and public ones where they exist.
   * `columns` when some columns are not readable (`select=*` is refused there). */
  select: { private: string; public?: string; columns?: string };
  /** Insert a row in another user's name or scope. */
  insert: Record<string, unknown>;
  update?: { filter: string; body: Record<string, unknown>; changed: [string, unknown[]] };
  delete?: { filter: string; exists: [string, unknown[]] };
}

const later = () => new Date(Date.now() + 30 * 86_400_000).toISOString();

/** How each exposed object is probed; an object missing here fails like one missing an expectation. */
const probes: Record<string, (w: World) => Probe> = {
  profiles: (w) => ({
    select: { private: `id=eq.${w.dave}` },
    insert: { id: w.erin, display_name: "Impostor" },
    update: {
      filter: `id=eq.${w.dave}`,
      body: { bio: "swept" },
      changed: ["select bio = 'swept' from public.profiles where id = $1", [w.dave]],
    },
    delete: { filter: `id=eq.${w.dave}`, exists: ["select 1 from public.profiles where id = $1", [w.dave]] },
  }),
  events: (w) => ({
    select: { private: `id=eq.${w.eventDraft}`, public: `id=eq.${w.eventPub}`, columns: "id" },
    insert: { organizer_id: w.alice, title: "Sweep impostor event", status: "draft", timezone: "UTC" },
    update: {
      filter: `id=eq.${w.eventPub}`,
      body: { description: "swept" },
      changed: ["select description = 'swept' from public.events where id = $1", [w.eventPub]],
    },
    delete: { filter: `id=eq.${w.eventDraft}`, exists: ["select 1 from public.events where id = $1", [w.eventDraft]] },
  }),
  event_members: (w) => ({
    select: { private: `event_id=eq.${w.eventDraft}&user_id=eq.${w.bob}` },
    insert: { event_id: w.eventDraft, user_id: w.erin, role: "member" },
    update: {
      filter: `event_id=eq.${w.eventDraft}&user_id=eq.${w.bob}`,
      body: { role: "co_organizer" },
      changed: ["select role = 'co_organizer' from public.event_members where event_id = $1 and user_id = $2", [w.eventDraft, w.bob]],
    },
    delete: {
      filter: `event_id=eq.${w.eventDraft}&user_id=eq.${w.bob}`,
      exists: ["select 1 from public.event_members where event_id = $1 and user_id = $2", [w.eventDraft, w.bob]],
    },
  }),
  enrollments: (w) => ({
    select: { private: `id=eq.${w.enrollment}` },
    insert: { event_id: w.eventPub, user_id: w.erin, status: "enrolled" },
    update: {
      filter: `id=eq.${w.enrollment}`,
      body: { status: "cancelled" },
      changed: ["select status = 'cancelled' from public.enrollments where id = $1", [w.enrollment]],
    },
    delete: { filter: `id=eq.${w.enrollment}`, exists: ["select 1 from public.enrollments where id = $1", [w.enrollment]] },
  }),
  tickets: (w) => ({
    select: { private: `enrollment_id=eq.${w.enrollment}` },
    insert: { code: `gh1.${"0".repeat(32)}.${"0".repeat(32)}`, user_id: w.erin, enrollment_id: w.enrollment, event_id: w.eventPub },
    update: {
      filter: `enrollment_id=eq.${w.enrollment}`,
      body: { checked_in_at: "2026-01-01T00:00:00Z" },
      changed: ["select checked_in_at is not null from public.tickets where enrollment_id = $1", [w.enrollment]],
    },
    delete: {
      filter: `enrollment_id=eq.${w.enrollment}`,
      exists: ["select 1 from public.tickets where enrollment_id = $1", [w.enrollment]],
    },
  }),
  // Series are public: no row of theirs is private, so the private probe asks for one that cannot exist.
  event_series: (w) => ({
    select: { private: `id=eq.${randomUUID()}`, public: `id=eq.${w.series}` },
    insert: {
      organizer_id: w.alice,
      rrule: "FREQ=WEEKLY;COUNT=1",
      timezone: "UTC",
      first_starts_on: "2031-01-07",
      starts_at_local: "10:00",
      duration: "1 hour",
      title: "Sweep impostor series",
    },
    update: {
      filter: `id=eq.${w.series}`,
      body: { title: "Swept series" },
      changed: ["select title = 'Swept series' from public.event_series where id = $1", [w.series]],
    },
    delete: { filter: `id=eq.${w.series}`, exists: ["select 1 from public.event_series where id = $1", [w.series]] },
  }),
  series_follows: (w) => ({
    select: { private: `series_id=eq.${w.series}&user_id=eq.${w.bob}` },
    insert: { series_id: w.series, user_id: w.erin },
    update: {
      filter: `series_id=eq.${w.series}&user_id=eq.${w.bob}`,
      body: { created_at: "2020-01-01T00:00:00Z" },
      changed: [
        "select created_at = '2020-01-01T00:00:00Z' from public.series_follows where series_id = $1 and user_id = $2",
        [w.series, w.bob],
      ],
    },
    delete: {
      filter: `series_id=eq.${w.series}&user_id=eq.${w.bob}`,
      exists: ["select 1 from public.series_follows where series_id = $1 and user_id = $2", [w.series, w.bob]],
    },
  }),
  calendar_feeds: (w) => ({
    select: { private: `user_id=eq.${w.bob}` },
    insert: { user_id: w.erin },
    update: {
      filter: `user_id=eq.${w.bob}`,
      body: { token: "00000000-0000-4000-8000-00000000feed" },
      changed: ["select token = '00000000-0000-4000-8000-00000000feed' from public.calendar_feeds where user_id = $1", [w.bob]],
    },
    delete: { filter: `user_id=eq.${w.bob}`, exists: ["select 1 from public.calendar_feeds where user_id = $1", [w.bob]] },
  }),
  sessions: (w) => ({
    select: { private: `id=eq.${w.sessionPriv}`, public: `id=eq.${w.sessionPub}`, columns: "id" },
    insert: {
      creator_id: w.carol,
      title: "Sweep impostor session",
      price_minor: 0,
      currency: "eur",
      duration_minutes: 30,
      location: "x",
      starts_at: later(),
      capacity: 1,
    },
    update: {
      filter: `id=eq.${w.sessionPub}`,
      body: { description: "swept" },
      changed: ["select description = 'swept' from public.sessions where id = $1", [w.sessionPub]],
    },
    delete: { filter: `id=eq.${w.sessionPriv}`, exists: ["select 1 from public.sessions where id = $1", [w.sessionPriv]] },
  }),
  bookings: (w) => ({
    select: { private: `id=eq.${w.booking}` },
    insert: { user_id: w.erin, session_id: w.sessionPub, status: "confirmed", amount_minor: 0, currency: "eur" },
    update: {
      filter: `id=eq.${w.booking}`,
      body: { stripe_payment_intent_id: "pi_swept" },
      changed: ["select stripe_payment_intent_id = 'pi_swept' from public.bookings where id = $1", [w.booking]],
    },
    delete: { filter: `id=eq.${w.booking}`, exists: ["select 1 from public.bookings where id = $1", [w.booking]] },
  }),
  email_outbox: (w) => ({
    select: { private: `dedupe_key=eq.${encodeURIComponent(w.outboxKey)}` },
    insert: {
      kind: "event_reminder",
      recipient_id: w.bob,
      recipient_email: "bob@sweep.test",
      subject_table: "events",
      subject_id: w.eventPub,
      event_id: w.eventPub,
      dedupe_key: `sweep-insert:${randomUUID()}`,
    },
    update: {
      filter: `dedupe_key=eq.${encodeURIComponent(w.outboxKey)}`,
      body: { recipient_email: "attacker@evil.test" },
      changed: ["select recipient_email = 'attacker@evil.test' from public.email_outbox where dedupe_key = $1", [w.outboxKey]],
    },
    delete: {
      filter: `dedupe_key=eq.${encodeURIComponent(w.outboxKey)}`,
      exists: ["select 1 from public.email_outbox where dedupe_key = $1", [w.outboxKey]],
    },
  }),
  stripe_events: (w) => ({
    select: { private: `id=eq.${w.stripeEvent}` },
    insert: { id: `evt_sweep_${randomUUID().slice(0, 8)}`, type: "charge.refunded", stripe_created_at: new Date().toISOString() },
    update: {
      filter: `id=eq.${w.stripeEvent}`,
      body: { type: "swept" },
      changed: ["select type = 'swept' from public.stripe_events where id = $1", [w.stripeEvent]],
    },
    delete: { filter: `id=eq.${w.stripeEvent}`, exists: ["select 1 from public.stripe_events where id = $1", [w.stripeEvent]] },
  }),
  time_slots: (w) => ({
    select: { private: `id=eq.${w.slot}` },
    insert: { event_id: w.eventDraft, starts_at: later() },
    update: {
      filter: `id=eq.${w.slot}`,
      body: { ends_at: later() },
      changed: ["select ends_at is not null from public.time_slots where id = $1", [w.slot]],
    },
    delete: { filter: `id=eq.${w.slot}`, exists: ["select 1 from public.time_slots where id = $1", [w.slot]] },
  }),
  slot_votes: (w) => ({
    select: { private: `slot_id=eq.${w.slot}&user_id=eq.${w.bob}` },
    insert: { slot_id: w.slot, user_id: w.erin, answer: "yes" },
    update: {
      filter: `slot_id=eq.${w.slot}&user_id=eq.${w.bob}`,
      body: { answer: "if_need_be" },
      changed: ["select answer = 'if_need_be' from public.slot_votes where slot_id = $1 and user_id = $2", [w.slot, w.bob]],
    },
    delete: {
      filter: `slot_id=eq.${w.slot}&user_id=eq.${w.bob}`,
      exists: ["select 1 from public.slot_votes where slot_id = $1 and user_id = $2", [w.slot, w.bob]],
    },
  }),
  polls: (w) => ({
    select: { private: `id=eq.${w.poll}` },
    insert: { event_id: w.eventDraft, question: "Sweep impostor poll?", choice: "single" },
    update: {
      filter: `id=eq.${w.poll}`,
      body: { question: "swept" },
      changed: ["select question = 'swept' from public.polls where id = $1", [w.poll]],
    },
    delete: { filter: `id=eq.${w.poll}`, exists: ["select 1 from public.polls where id = $1", [w.poll]] },
  }),
  poll_options: (w) => ({
    select: { private: `id=eq.${w.option2}` },
    insert: { poll_id: w.poll, label: "Impostor option", position: 5 },
    update: {
      filter: `id=eq.${w.option2}`,
      body: { label: "swept" },
      changed: ["select label = 'swept' from public.poll_options where id = $1", [w.option2]],
    },
    delete: { filter: `id=eq.${w.option2}`, exists: ["select 1 from public.poll_options where id = $1", [w.option2]] },
  }),
  poll_votes: (w) => ({
    select: { private: `option_id=eq.${w.option1}&user_id=eq.${w.bob}` },
    insert: { option_id: w.option2, user_id: w.erin },
    update: {
      filter: `user_id=eq.${w.bob}&poll_id=eq.${w.poll}`,
      body: { option_id: w.option2 },
      changed: ["select option_id = $2 from public.poll_votes where user_id = $1 and poll_id = $3", [w.bob, w.option2, w.poll]],
    },
    delete: { filter: `user_id=eq.${w.bob}&poll_id=eq.${w.poll}`, exists: ["select 1 from public.poll_votes where user_id = $1", [w.bob]] },
  }),
  tasks: (w) => ({
    select: { private: `id=eq.${w.task}` },
    insert: { event_id: w.eventDraft, title: "Sweep impostor task" },
    update: {
      filter: `id=eq.${w.task}`,
      body: { notes: "swept" },
      changed: ["select notes = 'swept' from public.tasks where id = $1", [w.task]],
    },
    delete: { filter: `id=eq.${w.task}`, exists: ["select 1 from public.tasks where id = $1", [w.task]] },
  }),
  notification_preferences: (w) => ({
    select: { private: `user_id=eq.${w.bob}` },
    insert: { user_id: w.erin },
    update: {
      filter: `user_id=eq.${w.bob}`,
      body: { reminders: false },
      changed: ["select reminders = false from public.notification_preferences where user_id = $1", [w.bob]],
    },
    delete: { filter: `user_id=eq.${w.bob}`, exists: ["select 1 from public.notification_preferences where user_id = $1", [w.bob]] },
  }),
  rate_limits: (w) => ({
    select: { private: `subject=eq.${encodeURIComponent(w.limitSubject)}` },
    insert: {
      subject: `ip:198.51.100.${Math.floor(Math.random() * 250) + 1}-${randomUUID().slice(0, 8)}`,
      max_writes: 100000,
      window_seconds: 60,
    },
    update: {
      filter: `subject=eq.${encodeURIComponent(w.limitSubject)}`,
      body: { max_writes: 99999 },
      changed: ["select max_writes = 99999 from public.rate_limits where subject = $1", [w.limitSubject]],
    },
    delete: {
      filter: `subject=eq.${encodeURIComponent(w.limitSubject)}`,
      exists: ["select 1 from public.rate_limits where subject = $1", [w.limitSubject]],
    },
  }),
  // Views: reads only; writes must be refused by privileges.
  my_events: (w) => ({ select: { private: `id=eq.${w.eventDraft}` }, insert: { id: w.eventDraft } }),
  event_attendees: (w) => ({ select: { private: `event_id=eq.${w.eventPub}&user_id=eq.${w.bob}` }, insert: { event_id: w.eventPub } }),
  my_enrollments: (w) => ({ select: { private: `id=eq.${w.enrollment}` }, insert: { id: w.enrollment } }),
  slot_tallies: (w) => ({ select: { private: `slot_id=eq.${w.slot}` }, insert: { slot_id: w.slot } }),
  poll_results: (w) => ({ select: { private: `option_id=eq.${w.option1}` }, insert: { option_id: w.option1 } }),
};

/** Columns some roles may not read (column privileges): the secret value, the direct read of it on
 * another user's public row, and every other path that could carry it (views, RPCs, `select=*`). */
interface ColumnProbe {
  secret: (w: World) => string;
  column: (w: World) => string;
  paths: (w: World) => { method: "GET" | "POST"; path: string; body?: unknown }[];
}

const columnProbes: Record<string, ColumnProbe> = {
  "events.online_url": {
    secret: (w) => w.eventLink,
    column: (w) => `events?select=online_url&id=eq.${w.eventPub}`,
    paths: (w) => [
      { method: "GET", path: `events?id=eq.${w.eventPub}` },
      { method: "POST", path: "rpc/event_online_url", body: { event_id: w.eventPub } },
      { method: "POST", path: "rpc/search_events", body: { organizer: w.alice, timeframe: "all" } },
    ],
  },
  "sessions.online_url": {
    secret: (w) => w.sessionLink,
    column: (w) => `sessions?select=online_url&id=eq.${w.sessionPub}`,
    paths: (w) => [
      { method: "GET", path: `sessions?id=eq.${w.sessionPub}` },
      { method: "POST", path: "rpc/session_online_url", body: { session_id: w.sessionPub } },
    ],
  },
};

// Children first, so a cascade from a parent never hides what a child's own delete did.
const deleteOrder = [
  "email_outbox",
  "poll_votes",
  "poll_options",
  "polls",
  "slot_votes",
  "time_slots",
  "tasks",
  "tickets",
  "bookings",
  "enrollments",
  "calendar_feeds",
  "notification_preferences",
  "event_members",
  "stripe_events",
  "rate_limits",
  "sessions",
  "series_follows",
  "event_series",
  "events",
  "profiles",
];

interface Actor {
  role: Role;
  headers: Record<string, string>;
}

async function actorFor(role: Role): Promise<Actor> {
  if (role === "anon") return { role, headers: { apikey: env.anonKey } };
  if (role === "service_role") return { role, headers: { apikey: env.serviceRoleKey, authorization: `Bearer ${env.serviceRoleKey}` } };
  const user = await createUser(role);
  return { role, headers: { apikey: env.anonKey, authorization: `Bearer ${user.token}` } };
}

async function rest(actor: Actor, method: string, pathAndQuery: string, body?: unknown) {
  const response = await fetch(`${env.url}/rest/v1/${pathAndQuery}`, {
    method,
    headers: { ...actor.headers, "content-type": "application/json", prefer: "return=minimal" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: response.status, json };
}

/** Privileges refused (permission denied), or a read-only view, versus row-level security refusing a new row. */
function refusal(result: { status: number; json: unknown }): "denied" | "own" | null {
  const body = result.json as { code?: string; message?: string } | null;
  // Postgres rejects writes to a view that is not updatable before it looks at privileges.
  if (body?.code === "55000" && /cannot (insert into|update|delete from) view/.test(body.message ?? "")) return "denied";
  if (body?.code !== "42501") return null;
  return /row-level security/i.test(body.message ?? "") ? "own" : "denied";
}

const unexpected = (op: string, r: { status: number; json: unknown }) => `unexpected ${op} answer ${r.status} ${JSON.stringify(r.json)}`;

async function observe(actor: Actor, object: string, w: World): Promise<Record<Operation, string>> {
  const probe = probes[object]?.(w);
  if (!probe) throw new Error(`no probe for ${object}`);
  const result = {} as Record<Operation, string>;

  const seen = async (filter: string) => {
    const r = await rest(actor, "GET", `${object}?select=${probe.select.columns ?? "*"}&${filter}`);
    if (r.status === 200) return (r.json as unknown[]).length > 0;
    const refused = refusal(r);
    if (refused === "denied") return "denied" as const;
    throw new Error(unexpected("select", r));
  };
  const privateSeen = await seen(probe.select.private);
  const publicSeen = probe.select.public ? await seen(probe.select.public) : false;
  result.select =
    privateSeen === "denied"
      ? "denied"
      : privateSeen
        ? "all"
        : publicSeen === true
          ? "public-only"
          : publicSeen === "denied"
            ? "denied"
            : "own";

  if (probe.update) {
    const r = await rest(actor, "PATCH", `${object}?${probe.update.filter}`, probe.update.body);
    const [sql, values] = probe.update.changed;
    if (r.status < 300) result.update = (await db<{ "?column?": boolean }>(sql, values))[0]?.["?column?"] ? "all" : "own";
    else result.update = refusal(r) === "denied" ? "denied" : unexpected("update", r);
  } else {
    const r = await rest(actor, "PATCH", `${object}?${probe.select.private}`, probe.insert);
    result.update = refusal(r) === "denied" ? "denied" : unexpected("update", r);
  }

  const inserted = await rest(actor, "POST", object, probe.insert);
  // A conflict means privileges and RLS let the row through and a constraint caught it.
  result.insert = inserted.status === 201 || inserted.status === 409 ? "all" : (refusal(inserted) ?? unexpected("insert", inserted));
  return result;
}

async function observeDelete(actor: Actor, object: string, w: World): Promise<string> {
  const probe = probes[object]?.(w);
  const filter = probe?.delete?.filter ?? probe?.select.private ?? "";
  const r = await rest(actor, "DELETE", `${object}?${filter}`);
  if (r.status >= 300) return refusal(r) === "denied" ? "denied" : unexpected("delete", r);
  if (!probe?.delete) return unexpected("delete", r);
  const [sql, values] = probe.delete.exists;
  return (await db(sql, values)).length === 0 ? "all" : "own";
}

/** `all` when any path hands the actor the secret; `denied` when the column read is refused by
 * privileges and nothing else carries it; `own` when it is readable but RLS hides the row. */
async function observeColumn(actor: Actor, name: string, w: World): Promise<string> {
  const probe = columnProbes[name];
  if (!probe) throw new Error(`no column probe for ${name}`);
  const secret = probe.secret(w);
  const direct = await rest(actor, "GET", probe.column(w));
  const others = await Promise.all(probe.paths(w).map((p) => rest(actor, p.method, p.path, p.body)));
  if ([direct, ...others].some((r) => r.status < 300 && JSON.stringify(r.json).includes(secret))) return "all";
  if (direct.status >= 300) return refusal(direct) === "denied" ? "denied" : unexpected("column select", direct);
  return "own";
}

/** Columns of exposed tables that anon or authenticated may not read while reading others of the
 * same table: each is a reviewed restriction that needs a row in the columns table. */
async function restrictedColumns(): Promise<string[]> {
  const rows = await db<{ name: string }>(
    `select distinct c.relname || '.' || a.attname as name
       from pg_class c
       join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
       cross join (values ('anon'), ('authenticated')) r(role)
      where n.nspname = 'public' and c.relkind in ('r', 'v', 'm', 'p')
        and has_any_column_privilege(r.role, c.oid, 'select')
        and not has_column_privilege(r.role, c.oid, a.attnum, 'select')
      order by 1`,
  );
  return rows.map((r) => r.name);
}

/** Tables and views of schema public that the API roles can reach: PostgREST exposes each of them. */
async function exposedObjects(): Promise<string[]> {
  const rows = await db<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'v', 'm', 'p', 'f') order by 1`,
  );
  return rows.map((r) => r.name);
}

describe("role-by-role security sweep", () => {
  const expectations = readExpectations();
  const columnExpectations = readColumnExpectations();
  const observed = new Map<string, Record<string, string>>();
  const observedColumns = new Map<string, Record<string, string>>();
  let objects: string[] = [];
  let columns: string[] = [];

  beforeAll(async () => {
    objects = await exposedObjects();
    // PostgREST's own list (its OpenAPI document, read with the service role) must agree.
    const openapi = (await (
      await fetch(`${env.url}/rest/v1/`, { headers: { apikey: env.serviceRoleKey, authorization: `Bearer ${env.serviceRoleKey}` } })
    ).json()) as { definitions?: Record<string, unknown> };
    const documented = Object.keys(openapi.definitions ?? {});
    for (const name of documented) if (!objects.includes(name)) objects.push(name);
    objects.sort();
    columns = await restrictedColumns();

    for (const role of roles) {
      const world = await makeWorld();
      const actor = await actorFor(role);
      for (const object of objects) {
        if (!probes[object]) continue;
        const cells = await observe(actor, object, world);
        const row = observed.get(object) ?? { object };
        for (const op of ["select", "insert", "update"] as const) row[`${role} ${op}`] = cells[op];
        observed.set(object, row);
      }
      for (const column of Object.keys(columnProbes)) {
        const row = observedColumns.get(column) ?? { column };
        row[`${role} select`] = await observeColumn(actor, column, world);
        observedColumns.set(column, row);
      }
      for (const object of [...deleteOrder, ...objects.filter((o) => !deleteOrder.includes(o))]) {
        if (!probes[object] || !objects.includes(object)) continue;
        const row = observed.get(object) ?? { object };
        row[`${role} delete`] = await observeDelete(actor, object, world);
      }
    }
    if (process.env.GATHERHUB_SWEEP_PRINT) {
      const columns = ["object", ...roles.flatMap((r) => operations.map((o) => `${r} ${o}`))];
      const lines = [`| ${columns.join(" | ")} |`, `|${columns.map(() => " --- ").join("|")}|`];
      for (const object of objects) lines.push(`| ${columns.map((c) => observed.get(object)?.[c] ?? "?").join(" | ")} |`);
      for (const [column, row] of observedColumns) lines.push(`| ${column} | ${roles.map((r) => row[`${r} select`]).join(" | ")} |`);
      console.log(lines.join("\n"));
    }
  }, 300_000);

  it("has an expectation and a probe for every exposed table and view", () => {
    const missing = objects.filter((o) => !expectations.has(o) || !probes[o]);
    expect(missing, "exposed objects nobody has reviewed: add them to tests/security/expectations.md and the sweep's probes").toEqual([]);
    const stale = [...expectations.keys()].filter((o) => !objects.includes(o));
    expect(stale, "expectations for objects that are no longer exposed").toEqual([]);
  });

  it("has an expectation and a probe for every restricted column", () => {
    const missing = columns.filter((c) => !columnExpectations.has(c) || !columnProbes[c]);
    expect(missing, "columns hidden from API roles that nobody has reviewed: add them to the columns table and columnProbes").toEqual([]);
    const stale = [...columnExpectations.keys()].filter((c) => !columns.includes(c));
    expect(stale, "column expectations for columns that are no longer restricted").toEqual([]);
  });

  for (const role of roles) {
    it(`matches the expectations for ${role}`, () => {
      const mismatches: string[] = [];
      for (const object of objects) {
        const want = expectations.get(object);
        const have = observed.get(object);
        if (!want || !have) continue;
        for (const op of operations) {
          const column = `${role} ${op}`;
          const expected = want[column] as Outcome | undefined;
          if (have[column] !== expected)
            mismatches.push(`${object} ${column}: expected ${expected ?? "(missing)"}, observed ${have[column]}`);
        }
      }
      for (const [column, have] of observedColumns) {
        const expected = columnExpectations.get(column)?.[`${role} select`];
        if (have[`${role} select`] !== expected)
          mismatches.push(`column ${column} ${role} select: expected ${expected ?? "(missing)"}, observed ${have[`${role} select`]}`);
      }
      expect(mismatches).toEqual([]);
    });
  }
});
