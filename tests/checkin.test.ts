// Tickets and check-in over HTTP: the owner reads their ticket through the SDK, organizers and
// co-organizers (creators for sessions) scan it once through the checkin function, every refusal
// has its status and reason, 20 concurrent scans check in once, attendance reaches the dashboards
// and the confirmation email carries the ticket as a QR code.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Event } from "../sdk/src/index.ts";
import { drainOutbox } from "./helpers/email.ts";
import { publishedEvent } from "./helpers/events.ts";
import { waitForEmails } from "./helpers/mail.ts";
import { publishedSession } from "./helpers/sessions.ts";
import { closeDb, createUser, db, env, sdkFor, type TestUser } from "./helpers/stack.ts";

afterAll(closeDb);

const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

function scan(token: string, body: unknown) {
  return fetch(`${env.url}/functions/v1/checkin`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function ticketOf(user: TestUser, enrollmentId: string): Promise<string> {
  const { data, error } = await sdkFor(user).tickets.forSubject({ enrollment_id: enrollmentId });
  expect(error).toBeNull();
  return data!.code;
}

async function enroll(user: TestUser, eventId: string) {
  const { data, error } = await sdkFor(user).enrollments.enroll(eventId);
  expect(error).toBeNull();
  return data!;
}

/** A correctly signed code that belongs to no ticket (the key never leaves the database). */
async function signedUnknownCode(): Promise<string> {
  const [row] = await db<{ code: string }>(
    "select p || '.' || private.ticket_signature(p) as code from (select 'gh1.' || replace(gen_random_uuid()::text, '-', '') as p) x",
  );
  return row!.code;
}

describe("check-in", () => {
  let org: TestUser;
  let co: TestUser;
  let ann: TestUser;
  let bob: TestUser;
  let stranger: TestUser;
  let soon: Event;
  let annCode: string;

  beforeAll(async () => {
    [org, co, ann, bob, stranger] = await Promise.all([
      createUser("facilitator"),
      createUser("facilitator"),
      createUser(),
      createUser(),
      createUser("facilitator"),
    ]);
    soon = await publishedEvent(org, { title: "Doors open soon", starts_at: inMinutes(60), ends_at: inMinutes(180), capacity: 30 });
    await db("insert into public.event_members (event_id, user_id, role) values ($1, $2, 'co_organizer')", [soon.id, co.id]);
    const enrolled = await enroll(ann, soon.id);
    annCode = await ticketOf(ann, enrolled.enrollment_id);
  });

  it("the owner reads their ticket through the SDK; nobody else does", async () => {
    expect(annCode).toMatch(/^gh1\.[0-9a-f]{32}\.[0-9a-f]{32}$/);
    const mine = await sdkFor(ann).tickets.mine();
    expect(mine.data?.map((t) => t.code)).toContain(annCode);
    for (const other of [org, co, bob]) {
      const theirs = await sdkFor(other).tickets.mine();
      expect(theirs.data?.map((t) => t.code)).not.toContain(annCode);
    }
  });

  it("a co-organizer checks a ticket in; a second scan is 200 'already checked in' and changes nothing", async () => {
    const first = await scan(co.token, { code: annCode, event_id: soon.id });
    expect(first.status).toBe(200);
    const checked = (await first.json()) as { status: string; checked_in_at: string; attendee: { user_id: string } };
    expect(checked).toMatchObject({ status: "checked_in", attendee: { user_id: ann.id } });

    const again = await scan(org.token, { code: annCode, event_id: soon.id });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: "already_checked_in", checked_in_at: checked.checked_in_at });
    const [row] = await db<{ checked_in_by: string }>("select checked_in_by from public.tickets where code = $1", [annCode]);
    expect(row?.checked_in_by).toBe(co.id);
  });

  it("nobody else checks anyone in: members, attendees, other organizers get 403 and learn nothing", async () => {
    const member = await createUser();
    await db("insert into public.event_members (event_id, user_id, role) values ($1, $2, 'member')", [soon.id, member.id]);
    const bobEnrollment = await enroll(bob, soon.id);
    const bobCode = await ticketOf(bob, bobEnrollment.enrollment_id);
    for (const who of [member, bob, stranger]) {
      for (const code of [bobCode, `${bobCode.slice(0, 37)}${"0".repeat(32)}`]) {
        const response = await scan(who.token, { code, event_id: soon.id });
        expect(response.status).toBe(403);
        expect(await response.json()).toMatchObject({ error: { code: "forbidden", details: { reason: "not_organizer" } } });
      }
    }
    const unknownEvent = await scan(stranger.token, { code: bobCode, event_id: "00000000-0000-4000-8000-000000000000" });
    expect(unknownEvent.status).toBe(403);
    const [row] = await db<{ checked_in_at: Date | null }>("select checked_in_at from public.tickets where code = $1", [bobCode]);
    expect(row?.checked_in_at).toBeNull();
  });

  it("a forged code and an unknown code are refused differently", async () => {
    const forged = await scan(org.token, { code: `${annCode.slice(0, 37)}${"f".repeat(32)}`, event_id: soon.id });
    expect(forged.status).toBe(422);
    expect(await forged.json()).toMatchObject({ error: { code: "unprocessable", details: { reason: "ticket_forged" } } });

    const unknown = await scan(org.token, { code: await signedUnknownCode(), event_id: soon.id });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: "not_found", details: { reason: "ticket_unknown" } } });
  });

  it("a ticket for another event is refused (409)", async () => {
    const other = await publishedEvent(org, { title: "The other one", starts_at: inMinutes(30), ends_at: inMinutes(90) });
    const enrolled = await enroll(bob, other.id);
    const code = await ticketOf(bob, enrolled.enrollment_id);
    const response = await scan(org.token, { code, event_id: soon.id });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ error: { code: "conflict", details: { reason: "ticket_other_event" } } });
  });

  it("a cancelled enrollment and a waitlisted person are refused with their reason", async () => {
    const tiny = await publishedEvent(org, { title: "One seat", starts_at: inMinutes(45), ends_at: inMinutes(100), capacity: 1 });
    const [cat, dan] = await Promise.all([createUser(), createUser()]);
    const catEnrollment = await enroll(cat, tiny.id);
    const catCode = await ticketOf(cat, catEnrollment.enrollment_id);
    expect((await enroll(dan, tiny.id)).status).toBe("waitlisted");

    expect((await sdkFor(cat).enrollments.cancel(tiny.id)).error).toBeNull(); // dan is promoted
    const cancelled = await scan(org.token, { code: catCode, event_id: tiny.id });
    expect(cancelled.status).toBe(422);
    expect(await cancelled.json()).toMatchObject({ error: { details: { reason: "ticket_cancelled" } } });

    expect((await enroll(cat, tiny.id)).status).toBe("waitlisted");
    const waitlisted = await scan(org.token, { code: catCode, event_id: tiny.id });
    expect(waitlisted.status).toBe(422);
    expect(await waitlisted.json()).toMatchObject({ error: { details: { reason: "ticket_waitlisted" } } });
  });

  it("check-in opens at start minus the event's window, not before", async () => {
    const later = await publishedEvent(org, { title: "Tomorrow night", starts_at: inMinutes(24 * 60), ends_at: inMinutes(25 * 60) });
    const enrolled = await enroll(ann, later.id);
    const code = await ticketOf(ann, enrolled.enrollment_id);
    const early = await scan(org.token, { code, event_id: later.id });
    expect(early.status).toBe(422);
    const body = (await early.json()) as { error: { details: { reason: string; opens_at: string } } };
    expect(body.error.details.reason).toBe("checkin_not_open");
    expect(Date.parse(body.error.details.opens_at)).toBe(Date.parse(later.starts_at!) - 2 * 3600_000);

    const widened = await sdkFor(org).events.update(later.id, { checkin_opens_before: "1 day 1 hour" });
    expect(widened.error).toBeNull();
    expect((await scan(org.token, { code, event_id: later.id })).status).toBe(200);
  });

  it("bad input is a 400 in the error shape", async () => {
    for (const body of [
      {},
      { code: annCode },
      { code: annCode, event_id: soon.id, session_id: soon.id },
      { code: "nope", event_id: soon.id },
    ]) {
      const response = await scan(org.token, body);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: "invalid_input" } });
    }
    const broken = await scan(org.token, "{");
    expect(broken.status).toBe(400);
    expect((await scan(env.anonKey, { code: annCode, event_id: soon.id })).status).toBe(401);
  });

  it("20 concurrent scans of one code check it in exactly once", async () => {
    const eve = await createUser();
    const enrolled = await enroll(eve, soon.id);
    const code = await ticketOf(eve, enrolled.enrollment_id);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => scan(i % 2 ? org.token : co.token, { code, event_id: soon.id })),
    );
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as { status: string; checked_in_at: string }[];
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(bodies.filter((b) => b.status === "checked_in")).toHaveLength(1);
    expect(bodies.filter((b) => b.status === "already_checked_in")).toHaveLength(19);
    expect(new Set(bodies.map((b) => b.checked_in_at)).size).toBe(1);
  });

  it("a session's creator checks in a confirmed booking; nobody else can", async () => {
    const creator = await createUser("creator");
    const session = await publishedSession(creator, { price: 0 });
    await db("update public.sessions set starts_at = now() + interval '20 minutes' where id = $1", [session.id]);
    const booked = await sdkFor(ann).bookings.book(session.id);
    expect(booked.data?.booking.status).toBe("confirmed");
    const ticket = await sdkFor(ann).tickets.forSubject({ booking_id: booked.data!.booking.id });
    const code = ticket.data!.code;
    expect((await scan(org.token, { code, session_id: session.id })).status).toBe(403);
    const response = await scan(creator.token, { code, session_id: session.id });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "checked_in", session_id: session.id });
    const attendance = await sdkFor(creator).dashboards.attendance();
    expect(attendance.data).toContainEqual(expect.objectContaining({ kind: "session", id: session.id, confirmed: 1, checked_in: 1 }));
  });

  it("attendance feeds the organizer's dashboard and the attendee's past enrollments", async () => {
    // ann and eve were checked in, bob was not: once the event started, bob is a no-show.
    await db("update public.events set starts_at = now() - interval '5 minutes', ends_at = now() + interval '1 hour' where id = $1", [
      soon.id,
    ]);
    const board = await sdkFor(co).dashboards.attendance();
    expect(board.error).toBeNull();
    const row = board.data!.find((r) => r.id === soon.id);
    expect(row).toMatchObject({ kind: "event", confirmed: 3, checked_in: 2, no_shows: 1, started: true });
    expect(Number(row!.no_show_rate)).toBeCloseTo(1 / 3, 4);
    expect((await sdkFor(stranger).dashboards.attendance()).data?.some((r) => r.id === soon.id)).toBe(false);

    const annBoard = await sdkFor(ann).dashboards.user();
    expect(annBoard.data?.enrollments.past.find((e) => e.event_id === soon.id)?.attended).toBe(true);
    const bobBoard = await sdkFor(bob).dashboards.user();
    expect(bobBoard.data?.enrollments.past.find((e) => e.event_id === soon.id)?.attended).toBe(false);
  });

  it("the confirmation email carries the ticket code and its QR code", async () => {
    const fay = await createUser();
    const event = await publishedEvent(org, { title: "QR night", capacity: 5 });
    const enrolled = await enroll(fay, event.id);
    const code = await ticketOf(fay, enrolled.enrollment_id);
    await drainOutbox();
    const [email] = await waitForEmails(fay.email, 1);
    expect(email?.text).toContain(code);
    expect(email?.html).toMatch(/<img[^>]+src="data:image\/png;base64,[A-Za-z0-9+/=]{200,}"/);
  });
});
