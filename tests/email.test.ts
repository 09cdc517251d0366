// Transactional email end to end: outbox rows from enrollment writes and the pg_cron job, the
// email-dispatcher function rendering react-email templates into the mail catcher, retries while
// SMTP is down, dead rows for admins, and reminders that daylight-saving time cannot move.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEvent, dispatch, drainOutbox, enroll, freePort, makeDue, outboxFor, startDispatcher } from "./helpers/email.ts";
import { emailsTo, waitForEmails } from "./helpers/mail.ts";
import { closeDb, createUser, db, env } from "./helpers/stack.ts";

afterAll(closeDb);

const dispatcherUrl = `${env.url}/functions/v1/email-dispatcher`;
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const bySubject = <T extends { subject: string }>(mails: T[], prefix: string): T[] => mails.filter((m) => m.subject.startsWith(prefix));

describe("email-dispatcher access", () => {
  it("refuses a request without a token at the gateway", async () => {
    const response = await fetch(dispatcherUrl, { method: "POST" });
    expect(response.status).toBe(401);
  });

  it("refuses the anon key and a signed-in user's token with 403", async () => {
    const user = await createUser("admin");
    for (const token of [env.anonKey, user.token]) {
      const response = await fetch(dispatcherUrl, { method: "POST", headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ error: { code: "forbidden" } });
    }
  });

  it("accepts the service role and reports what it did", async () => {
    expect(await dispatch()).toMatchObject({ claimed: expect.any(Number), sent: expect.any(Number) });
  });

  it("rejects invalid options with the offending field", async () => {
    const response = await fetch(dispatcherUrl, {
      method: "POST",
      headers: { authorization: `Bearer ${env.serviceRoleKey}` },
      body: JSON.stringify({ batch_size: 0 }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "invalid_input", details: [{ field: "batch_size" }] } });
  });
});

describe("enrollment emails", () => {
  // Earlier suites may leave hundreds of emails due (vitest orders files by cached duration, so which
  // ones ran before varies): send them first, so the two dispatches below reach this suite's rows.
  beforeAll(() => drainOutbox());

  it("enrolling sends one confirmation with the title, the local time and the .ics link; cancelling one cancellation", async () => {
    const organizer = await createUser("facilitator");
    const seeker = await createUser("seeker", "Sora");
    // 01:30 UTC is 10:30 in Tokyo: the email must show the event's time, not the server's.
    const event = await createEvent(organizer.id, {
      title: "Tea ceremony for beginners",
      startsAt: "2027-06-15T01:30:00Z",
      timezone: "Asia/Tokyo",
    });
    await enroll(event.id, seeker.id);
    await dispatch();
    await dispatch();

    const [confirmation, ...extra] = bySubject(await waitForEmails(seeker.email, 1), "You're in");
    expect(extra).toHaveLength(0);
    expect(confirmation?.subject).toBe("You're in: Tea ceremony for beginners");
    expect(confirmation?.text).toContain("Hi Sora");
    expect(confirmation?.text).toContain("Tuesday, 15 June 2027 at 10:30");
    expect(confirmation?.text).toContain("Asia/Tokyo");
    expect(confirmation?.html).toContain(`href="${env.url}/functions/v1/calendar/events/${event.slug}.ics"`);
    expect(confirmation?.html).toContain("email settings");

    await db("select private.cancel_enrollment($1, $2)", [event.id, seeker.id]);
    await dispatch();
    await dispatch();
    const mails = await waitForEmails(seeker.email, 2);
    expect(bySubject(mails, "Enrollment cancelled")).toHaveLength(1);
    expect(bySubject(mails, "You're in")).toHaveLength(1);
    expect((await outboxFor(seeker.id)).map((r) => [r.kind, r.status])).toEqual([
      ["enrollment_confirmed", "sent"],
      ["enrollment_cancelled", "sent"],
    ]);
  });

  it("a waitlisted person is told, then told again when a seat frees up", async () => {
    const organizer = await createUser("facilitator");
    const [first, second] = [await createUser("seeker"), await createUser("seeker")];
    const event = await createEvent(organizer.id, { title: "One seat only", startsAt: inDays(3), timezone: "Europe/Lisbon", capacity: 1 });
    await enroll(event.id, first.id);
    await enroll(event.id, second.id);
    await db("select private.cancel_enrollment($1, $2)", [event.id, first.id]);
    await dispatch();
    const mails = await waitForEmails(second.email, 2);
    expect(bySubject(mails, "You're on the waitlist")).toHaveLength(1);
    expect(bySubject(mails, "A seat opened up")).toHaveLength(1);
    expect(mails[0]?.text ?? "").toMatch(/number 1 in line|seat is confirmed/);
  });
});

describe("scheduled follow-ups and reminders", () => {
  it("arrive once each, though the cron job runs three times and two dispatchers run at once", async () => {
    const organizer = await createUser("facilitator");
    const seeker = await createUser("seeker");
    const startsAt = new Date(Date.now() + 30 * 60_000).toISOString();
    const event = await createEvent(organizer.id, { title: "Sunset walk", startsAt, timezone: "Australia/Sydney" });
    await enroll(event.id, seeker.id);
    // The clock moved: the enrollment is two hours old.
    await db("update public.enrollments set enrolled_at = now() - interval '2 hours' where event_id = $1 and user_id = $2", [
      event.id,
      seeker.id,
    ]);

    const [job] = await db<{ command: string }>("select command from cron.job where jobname = 'email-enqueue-scheduled'");
    expect(job?.command).toBeTruthy();
    await Promise.all([db(job!.command), db(job!.command), db(job!.command)]);
    const outcomes = await Promise.all([dispatch(), dispatch()]);
    expect(outcomes.reduce((n, o) => n + o.failed + o.dead, 0)).toBe(0);
    await db(job!.command);
    await dispatch();

    const mails = await waitForEmails(seeker.email, 3);
    await new Promise((r) => setTimeout(r, 500));
    const settled = await emailsTo(seeker.email);
    expect(bySubject(settled, "Getting ready for Sunset walk")).toHaveLength(1);
    expect(bySubject(settled, "Starting in 1 hour: Sunset walk")).toHaveLength(1);
    expect(bySubject(settled, "You're in")).toHaveLength(1);
    expect(mails).toHaveLength(3);
    expect((await outboxFor(seeker.id)).map((r) => r.status)).toEqual(["sent", "sent", "sent"]);
  });

  it("two concurrent claims never share a row (for update skip locked)", async () => {
    const organizer = await createUser("facilitator");
    const users = await Promise.all([createUser(), createUser(), createUser(), createUser()]);
    const event = await createEvent(organizer.id, { title: "Claim race", startsAt: inDays(4), timezone: "UTC" });
    for (const u of users) await enroll(event.id, u.id);
    const [a, b] = [new pg.Client({ connectionString: env.dbUrl }), new pg.Client({ connectionString: env.dbUrl })];
    await Promise.all([a.connect(), b.connect()]);
    try {
      await a.query("begin");
      await b.query("begin");
      const first = (await a.query<{ id: string }>("select id from public.claim_email_batch(2)")).rows.map((r) => r.id);
      // a still holds its rows locked: b skips them instead of waiting.
      const second = (await b.query<{ id: string }>("select id from public.claim_email_batch(500)")).rows.map((r) => r.id);
      expect(first).toHaveLength(2);
      expect(second.filter((id) => first.includes(id))).toEqual([]);
      expect(second.length).toBeGreaterThanOrEqual(2);
    } finally {
      await a.query("rollback");
      await b.query("rollback");
      await Promise.all([a.end(), b.end()]);
    }
  });

  it("an event at 10:00 on the day after the DST switch is reminded at 09:00 local time; moving it moves the reminder", async () => {
    const organizer = await createUser("facilitator");
    const seeker = await createUser("seeker");
    // Berlin switches to summer time on Sunday 2027-03-28; the event is on Monday at 10:00 CEST.
    const event = await createEvent(organizer.id, {
      title: "Monday stand-up",
      startsAt: "2027-03-29T08:00:00Z",
      timezone: "Europe/Berlin",
    });
    await enroll(event.id, seeker.id);
    // The job as it would run on that Monday morning, before and within the hour.
    await db("select private.enqueue_scheduled_emails('2027-03-29 08:55 Europe/Berlin')");
    expect(await outboxFor(seeker.id, "event_reminder")).toHaveLength(0);
    await db("select private.enqueue_scheduled_emails('2027-03-29 09:00 Europe/Berlin')");
    await db("select private.enqueue_scheduled_emails('2027-03-29 09:05 Europe/Berlin')");
    const local = () =>
      db<{ local: string }>(
        "select to_char(next_attempt_at at time zone 'Europe/Berlin', 'YYYY-MM-DD HH24:MI') as local from public.email_outbox where recipient_id = $1 and kind = 'event_reminder'",
        [seeker.id],
      );
    expect(await local()).toEqual([{ local: "2027-03-29 09:00" }]);

    // The organizer moves it through the API (RLS applies): the pending reminder follows.
    const moved = await fetch(`${env.url}/rest/v1/events?id=eq.${event.id}`, {
      method: "PATCH",
      headers: {
        apikey: env.anonKey,
        authorization: `Bearer ${organizer.token}`,
        "content-type": "application/json",
        prefer: "return=minimal",
      },
      body: JSON.stringify({ starts_at: "2027-03-29T09:30:00Z" }),
    });
    expect(moved.status).toBe(204);
    expect(await local()).toEqual([{ local: "2027-03-29 10:30" }]);

    // When that time comes the reminder goes out once and shows the event's local time.
    await makeDue(seeker.id);
    await dispatch();
    const mails = await waitForEmails(seeker.email, 3);
    const [reminder] = bySubject(mails, "Starting in 1 hour");
    expect(reminder?.text).toContain("Monday, 29 March 2027 at 11:30 CEST");
    expect(bySubject(mails, "New time or place")).toHaveLength(1);
  });
});

describe("delivery while the mail server is down", () => {
  let broken: { url: string; stop: () => void } | undefined;
  // A second instance of the same function whose SMTP port has no server behind it: a real
  // connection failure, with no way for a client to redirect the production dispatcher.
  beforeAll(async () => {
    broken = await startDispatcher({ SMTP_PORT: String(await freePort()) });
  });
  afterAll(() => broken?.stop());

  it("fails, backs off, retries, and delivers every email exactly once after the server returns", async () => {
    const organizer = await createUser("facilitator");
    const seeker = await createUser("seeker");
    const event = await createEvent(organizer.id, { title: "Resilient meetup", startsAt: inDays(5), timezone: "America/Chicago" });
    await enroll(event.id, seeker.id);

    await dispatch(broken!.url);
    let [row] = await outboxFor(seeker.id);
    expect(row).toMatchObject({ status: "failed", attempts: 1 });
    expect(row?.last_error).toMatch(/ECONNREFUSED|connect/i);
    const firstDelay = row!.next_attempt_at.getTime() - row!.updated_at.getTime();
    expect(firstDelay).toBeGreaterThanOrEqual(59_000);

    // Backing off: the healthy dispatcher leaves the row alone until it is due.
    await dispatch();
    expect((await outboxFor(seeker.id))[0]?.status).toBe("failed");

    await makeDue(seeker.id);
    await dispatch(broken!.url);
    [row] = await outboxFor(seeker.id);
    expect(row).toMatchObject({ status: "failed", attempts: 2 });
    expect(row!.next_attempt_at.getTime() - row!.updated_at.getTime()).toBeGreaterThanOrEqual(2 * firstDelay - 1_000);

    await makeDue(seeker.id);
    await Promise.all([dispatch(), dispatch()]);
    await dispatch();
    await waitForEmails(seeker.email, 1);
    await new Promise((r) => setTimeout(r, 500));
    expect(bySubject(await emailsTo(seeker.email), "You're in")).toHaveLength(1);
    expect((await outboxFor(seeker.id))[0]).toMatchObject({ status: "sent", attempts: 3 });
  });

  it("after N failures a row is dead, visible to admins only, and never sent", async () => {
    const organizer = await createUser("facilitator");
    const seeker = await createUser("seeker");
    const admin = await createUser("admin");
    const event = await createEvent(organizer.id, { title: "Doomed delivery", startsAt: inDays(6), timezone: "Asia/Kolkata" });
    await enroll(event.id, seeker.id);
    const [{ max_attempts: maxAttempts } = { max_attempts: 0 }] = await db<{ max_attempts: number }>(
      "select max_attempts from public.email_outbox where recipient_id = $1",
      [seeker.id],
    );
    expect(maxAttempts).toBeGreaterThan(1);
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      await makeDue(seeker.id);
      await dispatch(broken!.url);
    }
    const [row] = await outboxFor(seeker.id);
    expect(row).toMatchObject({ status: "dead", attempts: maxAttempts });

    const read = (token: string) =>
      fetch(`${env.url}/rest/v1/email_outbox?select=id,status,kind&status=eq.dead&recipient_id=eq.${seeker.id}`, {
        headers: { apikey: env.anonKey, authorization: `Bearer ${token}` },
      }).then((r) => r.json());
    expect(await read(admin.token)).toEqual([{ id: Number(row!.id), status: "dead", kind: "enrollment_confirmed" }]);
    expect(await read(seeker.token)).toEqual([]);

    await db("update public.email_outbox set next_attempt_at = now() where recipient_id = $1", [seeker.id]);
    await dispatch();
    expect(await emailsTo(seeker.email)).toHaveLength(0);
  });
});
