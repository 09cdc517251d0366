// Email people can control: notification preferences (owner only, SDK and dashboard), checked at
// send time; RFC 8058 one-click unsubscribe on every non-transactional email; change emails that
// organizers cannot turn into a mail cannon; and exactly-once delivery from concurrent
// dispatchers while the mail server fails in the middle of a batch.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEvent, dispatch, drainOutbox, enroll, makeDue, outboxFor, startDispatcher } from "./helpers/email.ts";
import { type CaughtEmail, emailsTo, waitForEmails } from "./helpers/mail.ts";
import { closeDb, createUser, db, env, sdkFor, type TestUser } from "./helpers/stack.ts";

afterAll(closeDb);

const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
const bySubject = (mails: CaughtEmail[], prefix: string) => mails.filter((m) => m.subject.startsWith(prefix));
const header = (mail: CaughtEmail | undefined, name: string) => {
  const value = mail?.headers?.[name];
  return Array.isArray(value) ? value.join(", ") : value;
};

interface Prefs {
  reminders: boolean;
  follow_ups: boolean;
  waitlist: boolean;
  event_changes: boolean;
}
const prefsOf = async (userId: string): Promise<Prefs | undefined> =>
  (
    await db<Prefs>("select reminders, follow_ups, waitlist, event_changes from public.notification_preferences where user_id = $1", [
      userId,
    ])
  )[0];
const allOn: Prefs = { reminders: true, follow_ups: true, waitlist: true, event_changes: true };

/** An event starting in 30 minutes that the user is enrolled in, with its reminder queued (due now). */
async function enrolledSoon(organizer: TestUser, user: TestUser, title: string) {
  const event = await createEvent(organizer.id, { title, startsAt: inMinutes(30), timezone: "Europe/Amsterdam" });
  await enroll(event.id, user.id);
  await db("select private.enqueue_scheduled_emails()");
  return event;
}

/** The caught email's full record (maildev's list may leave headers out). */
async function full(mail: CaughtEmail | undefined): Promise<CaughtEmail | undefined> {
  if (!mail) return undefined;
  return (await (await fetch(`${env.mailUrl}/email/${mail.id}`)).json()) as CaughtEmail;
}

const oneClick = (url: string, body = "List-Unsubscribe=One-Click") =>
  fetch(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body });

describe("notification preferences", () => {
  it("are on by default, read and changed by their owner through the SDK and shown on the user dashboard", async () => {
    const ana = await createUser("seeker");
    const hub = sdkFor(ana);
    const mine = await hub.notifications.preferences();
    expect(mine.error).toBeNull();
    expect(mine.data).toMatchObject({ user_id: ana.id, ...allOn });

    const changed = await hub.notifications.updatePreferences({ follow_ups: false });
    expect(changed.data).toMatchObject({ user_id: ana.id, follow_ups: false, reminders: true });
    const dashboard = await hub.dashboards.user();
    expect(dashboard.data?.emailPreferences).toMatchObject({ user_id: ana.id, follow_ups: false });

    const invalid = await hub.notifications.updatePreferences({ reminders: "no" as unknown as boolean });
    expect(invalid.error?.code).toBe("invalid_input");
    expect(await prefsOf(ana.id)).toEqual({ ...allOn, follow_ups: false });
  });

  it("cannot be read or changed by anyone else", async () => {
    const [ana, ben] = [await createUser("seeker"), await createUser("admin")];
    const other = sdkFor(ben).supabase;
    const read = await other.from("notification_preferences").select("*").eq("user_id", ana.id);
    expect(read.data).toEqual([]);
    const write = await other.from("notification_preferences").update({ reminders: false }).eq("user_id", ana.id).select("*");
    expect(write.data).toEqual([]);
    const anon = await sdkFor().supabase.from("notification_preferences").select("*").eq("user_id", ana.id);
    expect(anon.error).not.toBeNull();
    expect(await prefsOf(ana.id)).toEqual(allOn);
  });
});

describe("one-click unsubscribe (RFC 8058)", () => {
  let organizer: TestUser;
  let seeker: TestUser;
  let unsubscribeUrl = "";

  beforeAll(async () => {
    await drainOutbox();
    organizer = await createUser("facilitator");
    seeker = await createUser("seeker");
  });

  it("a reminder carries List-Unsubscribe (the unsubscribe function's URL) and List-Unsubscribe-Post; a confirmation does not", async () => {
    await enrolledSoon(organizer, seeker, "Harbour swim");
    await dispatch();
    const mails = await waitForEmails(seeker.email, 2);
    const reminder = await full(bySubject(mails, "Starting in 1 hour")[0]);
    const confirmation = await full(bySubject(mails, "You're in")[0]);

    const list = header(reminder, "list-unsubscribe") ?? "";
    const match = /^<([^>]+)>/.exec(list);
    unsubscribeUrl = match?.[1] ?? "";
    expect(match?.[1]).toMatch(
      new RegExp(`^${env.url}/functions/v1/unsubscribe\\?token=v1\\.${seeker.id}\\.reminders\\.[A-Za-z0-9_-]{43}$`),
    );
    expect(header(reminder, "list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    expect(reminder?.html).toContain("Unsubscribe from event reminders");

    expect(confirmation).toBeDefined();
    expect(header(confirmation, "list-unsubscribe")).toBeUndefined();
    expect(header(confirmation, "list-unsubscribe-post")).toBeUndefined();
  });

  it("a GET shows a confirmation page with a button and changes nothing", async () => {
    const page = await fetch(unsubscribeUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    const html = await page.text();
    expect(html).toContain('<form method="post">');
    expect(html).toContain('name="List-Unsubscribe" value="One-Click"');
    expect(await prefsOf(seeker.id)).toEqual(allOn);
  });

  it("tampered, forged or unknown tokens get a 4xx and change nothing", async () => {
    const victim = await createUser("seeker");
    const token = new URL(unsubscribeUrl).searchParams.get("token") ?? "";
    const [v, , category, sig] = token.split(".");
    const base = `${env.url}/functions/v1/unsubscribe?token=`;
    const flipped = `${sig?.slice(0, -1)}${sig?.endsWith("A") ? "B" : "A"}`;
    const bad = [
      `${v}.${victim.id}.${category}.${sig}`, // someone else's id under this signature
      `${v}.${seeker.id}.follow_ups.${sig}`, // another category
      `${v}.${seeker.id}.${category}.${flipped}`, // a changed signature
      `${v}.${seeker.id}.${category}`, // no signature
      `v2.${seeker.id}.${category}.${sig}`,
      "not-a-token",
      "",
    ];
    for (const forged of bad) {
      const response = await oneClick(base + encodeURIComponent(forged));
      expect(response.status, forged).toBeGreaterThanOrEqual(400);
      expect(response.status, forged).toBeLessThan(500);
      expect((await fetch(base + encodeURIComponent(forged))).status, forged).toBe(400);
    }
    // A valid token without the one-click body is refused too.
    expect((await oneClick(unsubscribeUrl, "List-Unsubscribe=Yes")).status).toBe(400);
    expect(await prefsOf(seeker.id)).toEqual(allOn);
    expect(await prefsOf(victim.id)).toEqual(allOn);
  });

  it("the one-click POST, with no session, turns off reminders only", async () => {
    const response = await oneClick(unsubscribeUrl);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("no longer get event reminders");
    expect(await prefsOf(seeker.id)).toEqual({ ...allOn, reminders: false });
    // Idempotent (mailbox providers may retry), and multipart/form-data (RFC 8058's SHOULD) works too.
    const form = new FormData();
    form.set("List-Unsubscribe", "One-Click");
    expect((await fetch(unsubscribeUrl, { method: "POST", body: form })).status).toBe(200);
    expect(await prefsOf(seeker.id)).toEqual({ ...allOn, reminders: false });
  });

  it("the next reminder for that user is skipped (recorded, not retried) while confirmations still go out", async () => {
    const before = (await emailsTo(seeker.email)).length;
    await enrolledSoon(organizer, seeker, "Evening rowing");
    await dispatch();
    await dispatch();
    const mails = await waitForEmails(seeker.email, before + 1);
    await new Promise((r) => setTimeout(r, 500));
    const settled = await emailsTo(seeker.email);
    expect(settled).toHaveLength(before + 1);
    expect(bySubject(mails, "You're in: Evening rowing")).toHaveLength(1);
    expect(bySubject(settled, "Starting in 1 hour: Evening rowing")).toHaveLength(0);
    const reminders = await outboxFor(seeker.id, "event_reminder");
    expect(reminders.map((r) => r.status)).toEqual(["sent", "skipped"]);
    expect(reminders[1]?.attempts).toBe(0);
  });

  it("a preference changed after the email was queued is honoured at send time", async () => {
    const ana = await createUser("seeker");
    await enrolledSoon(organizer, ana, "Queued before the change");
    expect((await outboxFor(ana.id, "event_reminder")).map((r) => r.status)).toEqual(["pending"]);
    expect((await sdkFor(ana).notifications.updatePreferences({ reminders: false })).error).toBeNull();
    await dispatch();
    await waitForEmails(ana.email, 1);
    await new Promise((r) => setTimeout(r, 500));
    expect((await emailsTo(ana.email)).map((m) => m.subject)).toEqual(["You're in: Queued before the change"]);
    expect((await outboxFor(ana.id, "event_reminder")).map((r) => r.status)).toEqual(["skipped"]);
  });
});

describe("organizers cannot flood inboxes with change emails (#18.4)", () => {
  it("two PATCHes over three events with three attendees queue 9 merged emails, not 18, without organizer text in the subject", async () => {
    const organizer = await createUser("facilitator");
    const attendees = [await createUser("seeker"), await createUser("seeker"), await createUser("seeker")];
    const events = [];
    for (const n of [1, 2, 3]) {
      const event = await createEvent(organizer.id, {
        title: `Moved! Confirm your seat at http://evil.test/${n}`,
        startsAt: inMinutes(60 * 24 * 3),
        timezone: "UTC",
      });
      for (const a of attendees) await enroll(event.id, a.id);
      events.push(event);
    }
    await drainOutbox();
    const patch = (body: unknown) =>
      fetch(`${env.url}/rest/v1/events?organizer_id=eq.${organizer.id}`, {
        method: "PATCH",
        headers: {
          apikey: env.anonKey,
          authorization: `Bearer ${organizer.token}`,
          "content-type": "application/json",
          prefer: "return=minimal",
        },
        body: JSON.stringify(body),
      });
    expect((await patch({ location: "Moved! Confirm your seat at http://evil.test/a" })).status).toBe(204);
    expect((await patch({ location: "Moved again! http://evil.test/b", starts_at: inMinutes(60 * 24 * 4) })).status).toBe(204);

    const [{ n } = { n: -1 }] = await db<{ n: number }>(
      "select count(*)::int as n from public.email_outbox where kind = 'event_changed' and event_id = any($1::uuid[])",
      [events.map((e) => e.id)],
    );
    expect(n).toBe(9);

    for (const a of attendees) await makeDue(a.id);
    await dispatch();
    for (const a of attendees) {
      const mails = bySubject(await waitForEmails(a.email, 6), "New time or place");
      expect(mails).toHaveLength(3);
      for (const mail of mails) {
        expect(mail.subject).toBe("New time or place for an event you're attending");
        expect(mail.text).toContain("Moved again!"); // the body shows the current place
      }
    }
  });
});

/**
 * A mail server that fails in the middle of a batch: an SMTP proxy in front of the mail catcher
 * that lets `allowed` messages through, then answers every further MAIL FROM with 421 and drops
 * the connection. A message is either fully handed over or refused before its transfer starts,
 * so exactly-once is decidable.
 */
async function flakySmtp(allowed: number): Promise<{ port: number; close: () => Promise<void> }> {
  let passed = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(env.smtpPort, "127.0.0.1");
    sockets.add(client);
    sockets.add(upstream);
    upstream.pipe(client);
    let pending = "";
    let dataMode = false;
    client.on("data", (chunk) => {
      pending += chunk.toString("latin1");
      let newline = pending.indexOf("\n");
      while (newline >= 0) {
        const line = pending.slice(0, newline + 1);
        pending = pending.slice(newline + 1);
        const command = line.trim().toUpperCase();
        if (dataMode) {
          if (command === ".") dataMode = false;
        } else if (command === "DATA") {
          dataMode = true;
        } else if (command.startsWith("MAIL FROM")) {
          if (passed >= allowed) {
            upstream.destroy();
            client.end("421 4.3.0 The test server is going away\r\n");
            return;
          }
          passed++;
        }
        upstream.write(Buffer.from(line, "latin1"));
        newline = pending.indexOf("\n");
      }
    });
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", drop);
    upstream.on("error", drop);
    client.on("close", drop);
    upstream.on("close", drop);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe("exactly once under concurrent dispatchers and a mail server that fails mid-batch", () => {
  let flaky: { port: number; close: () => Promise<void> } | undefined;
  let dispatcher: { url: string; stop: () => void } | undefined;
  beforeAll(async () => {
    flaky = await flakySmtp(7);
    dispatcher = await startDispatcher({ SMTP_PORT: String(flaky.port) });
  });
  afterAll(async () => {
    dispatcher?.stop();
    await flaky?.close();
  });

  it("delivers what got through once, retries the rest, and ends with every email sent exactly once", async () => {
    await drainOutbox();
    const organizer = await createUser("facilitator");
    const event = await createEvent(organizer.id, { title: "Batch under fire", startsAt: inMinutes(60 * 24 * 5), timezone: "UTC" });
    const users: TestUser[] = [];
    for (let i = 0; i < 24; i++) users.push(await createUser("seeker"));
    for (const u of users) await enroll(event.id, u.id);

    // Two dispatchers at once against the failing server.
    const outcomes = await Promise.all([dispatch(dispatcher!.url), dispatch(dispatcher!.url)]);
    expect(outcomes.reduce((n, o) => n + o.claimed, 0)).toBe(24);
    expect(outcomes.reduce((n, o) => n + o.sent, 0)).toBe(7);
    expect(outcomes.reduce((n, o) => n + o.failed, 0)).toBe(17);
    await new Promise((r) => setTimeout(r, 500));
    const delivered = async () => {
      let count = 0;
      for (const u of users) count += (await emailsTo(u.email)).length;
      return count;
    };
    expect(await delivered()).toBe(7);

    // The server is back: three healthy dispatchers at once, then whatever is left.
    for (const u of users) await makeDue(u.id);
    await Promise.all([dispatch(), dispatch(), dispatch()]);
    await drainOutbox();
    for (const u of users) await waitForEmails(u.email, 1);
    await new Promise((r) => setTimeout(r, 500));
    for (const u of users) {
      expect(bySubject(await emailsTo(u.email), "You're in: Batch under fire"), u.email).toHaveLength(1);
      expect((await outboxFor(u.id)).map((r) => r.status)).toEqual(["sent"]);
    }
  });
});
