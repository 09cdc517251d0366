// `npm run demo`: one complete GatherHub story through the SDK against a running stack (`npm run dev`),
// printed as it goes. URLs and keys come from the environment `npm test` sets, else the dev stack's
// defaults (ports 54321/54322/54324, the fixed local keys). Everyone signs up through Supabase Auth
// with the SDK, confirms with the link in our confirmation email (read from the mail catcher) and
// signs in with their password.
import { fileURLToPath } from "node:url";
import Stripe from "stripe";
import WebSocket from "ws";
import { createGatherHub, type GatherHub, type Result } from "../sdk/src/index.ts";
import { signKey } from "../stack/lib/config.ts";
import { standinSecretKey, standinWebhookSecret } from "../stack/lib/stripe-standin.ts";
import { fetchFrom, newPassword } from "../stack/lib/users.ts";

export interface DemoEnv {
  url: string;
  anonKey: string;
  /** Only to trigger the email dispatcher, as pg_cron or the stack's timer would. */
  serviceRoleKey: string;
  mailUrl: string;
  stripeWebhookSecret: string;
}

export async function demoEnv(env: NodeJS.ProcessEnv = process.env): Promise<DemoEnv> {
  return {
    url: env.GATHERHUB_URL ?? "http://127.0.0.1:54321",
    anonKey: env.GATHERHUB_ANON_KEY ?? (await signKey("anon")),
    serviceRoleKey: env.GATHERHUB_SERVICE_ROLE_KEY ?? (await signKey("service_role")),
    mailUrl: env.GATHERHUB_MAIL_URL ?? "http://127.0.0.1:54324",
    stripeWebhookSecret: env.STRIPE_WEBHOOK_SECRET ?? standinWebhookSecret,
  };
}

export interface DemoSummary {
  enrollments: string[];
  waitlistPosition: number | null;
  lockedStartsAt: string;
  bookingStatus: string;
  /** Public URL of the session's image in Supabase Storage. */
  sessionImageUrl: string;
  /** The door scans of Max's ticket: two scans of the real code, then a forged one. */
  checkIns: string[];
  /** Local start times of the weekly series' occurrences. */
  seriesLocalTimes: string[];
  /** Emails caught for the story's people, with the links they carry. */
  emails: { to: string; subject: string; links: string[] }[];
}

class DemoError extends Error {}

/** Unwraps an SDK result or stops the story with what went wrong. */
function must<T>(step: string, result: Result<T>): T {
  if (result.error) throw new DemoError(`${step} failed: ${result.error.code} — ${result.error.message}`);
  return result.data;
}

const inDays = (days: number, hour = 18) => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};

export async function runDemo(env?: DemoEnv, print: (line: string) => void = console.log): Promise<DemoSummary> {
  const e = env ?? (await demoEnv());
  const say = (line: string) => print(line);
  type Person = { id: string; email: string; hub: GatherHub };
  const hubFor = (user: Person): GatherHub => user.hub;
  const people = new Set<string>();
  const confirmationLink = async (email: string): Promise<string> => {
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const caught = (await (await fetch(`${e.mailUrl}/email`)).json()) as { to: { address: string }[]; text?: string }[];
      const mail = caught.find((m) => m.to.some((t) => t.address === email));
      const link = /https?:\/\/\S+\/auth\/v1\/verify\?\S+/.exec(mail?.text ?? "")?.[0];
      if (link) return link;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new DemoError(`no confirmation email reached ${email}`);
  };
  const person = async (role: "seeker" | "facilitator" | "creator", name: string): Promise<Person> => {
    const email = `${name.split(" ")[0]?.toLowerCase()}-${crypto.randomUUID().slice(0, 6)}@demo.gatherhub.dev`;
    const password = newPassword();
    // Each person on a device of their own (Auth limits sign-ups per client address).
    const hub = createGatherHub({ url: e.url, anonKey: e.anonKey, fetch: fetchFrom(), webSocket: WebSocket });
    must("sign up", await hub.auth.signUp({ email, password, role, displayName: name }));
    const confirmed = await fetch(await confirmationLink(email), { redirect: "manual" });
    if (confirmed.status !== 303) throw new DemoError(`confirming ${email} answered ${confirmed.status}`);
    const session = must("sign in", await hub.auth.signInWithPassword(email, password));
    people.add(email);
    say(`   + ${name} (${role}) ${email}: signed up, confirmed by email, signed in`);
    return { id: session.userId, email, hub };
  };

  say(`GatherHub demo against ${e.url}`);
  const health = must("health", await createGatherHub({ url: e.url, anonKey: e.anonKey, webSocket: WebSocket }).health());
  say(`0. Health: ${health.status} (details such as the migration are for the service role only)`);

  say("1. People sign up");
  const fiona = await person("facilitator", "Fiona Facilitator");
  const seekers = [await person("seeker", "Sam Seeker"), await person("seeker", "Sia Seeker"), await person("seeker", "Sol Seeker")];
  const max = await person("seeker", "Max Member");
  const cora = await person("creator", "Cora Creator");
  const bo = await person("seeker", "Bo Buyer");

  say("2. Fiona publishes an event with two seats");
  const fionaHub = hubFor(fiona);
  const draft = must(
    "create event",
    await fionaHub.events.create({
      title: "Sunset sketching on the pier",
      description: "Bring a pencil; paper is on us.",
      language: "en",
      location: "Scheveningen Pier, The Hague",
      starts_at: inDays(10),
      ends_at: inDays(10, 20),
      timezone: "Europe/Amsterdam",
      capacity: 2,
      tags: ["art", "outdoors", "demo"],
    }),
  );
  const event = must("publish event", await fionaHub.events.publish(draft.id));
  say(`   "${event.title}" is ${event.status}: ${fionaHub.events.calendarUrl(event.slug)}`);

  say("3. Seekers find it and enroll until the waitlist starts");
  const found = must("search", await hubFor(seekers[0] as Person).events.search({ q: "sketching", location: "hague", hasFreeSpots: true }));
  if (!found.some((row) => row.id === event.id)) throw new DemoError("search did not find the new event");
  say(`   search "sketching" near "hague" finds it with ${found.find((r) => r.id === event.id)?.available_spots} free spots`);
  const outcomes: string[] = [];
  let waitlistPosition: number | null = null;
  for (const seeker of seekers) {
    const outcome = must("enroll", await hubFor(seeker).enrollments.enroll(event.id));
    outcomes.push(outcome.status);
    if (outcome.status === "waitlisted") waitlistPosition = outcome.position;
    say(`   ${seeker.email}: ${outcome.status}${outcome.status === "waitlisted" ? ` (position ${outcome.position})` : ""}`);
  }
  const mine = must("organizer view", await fionaHub.events.mine()).find((row) => row.id === event.id);
  say(`   Fiona sees ${mine?.enrolled_count} enrolled, ${mine?.waitlisted_count} waitlisted, ${mine?.available_spots} available`);

  say("4. A planning event: Max votes on time slots, Fiona locks the winner");
  const planning = must(
    "create planning event",
    await fionaHub.events.create({ title: "Studio move: pick a day", timezone: "Europe/Amsterdam" }),
  );
  must("add member", await fionaHub.events.join(planning.id, max.id));
  const slotTimes = [inDays(20, 9), inDays(21, 9)];
  const slots = [];
  for (const start of slotTimes) {
    slots.push(
      must(
        "propose slot",
        await fionaHub.planning.proposeSlot({ event_id: planning.id, starts_at: start, ends_at: start.replace("T09", "T12") }),
      ),
    );
  }
  const [first, second] = slots as unknown as [{ id: string }, { id: string }];
  const maxHub = hubFor(max);
  must("vote", await maxHub.planning.vote(first.id, "if_need_be"));
  must("vote", await maxHub.planning.vote(second.id, "yes"));
  for (const tally of must("tallies", await maxHub.planning.tallies(planning.id))) {
    say(`   slot ${tally.starts_at}: ${tally.yes_count} yes, ${tally.if_need_be_count} if need be`);
  }
  const locked = must("lock", await fionaHub.planning.lock(second.id));
  say(`   Fiona locks the favourite: the event is ${locked.status}, starting ${locked.starts_at}`);

  say("5. Cora sells a paid session; Bo books it and Stripe's webhook confirms the payment");
  const coraHub = hubFor(cora);
  const session = must(
    "create session",
    await coraHub.sessions.create({
      title: "Portrait clinic",
      description: "One hour, small group.",
      price_minor: 3500,
      currency: "EUR",
      duration_minutes: 60,
      location: "Atelier 7, Utrecht",
      starts_at: inDays(14, 15),
      capacity: 4,
      published: true,
    }),
  );
  // A 1×1 transparent PNG, uploaded through Supabase Storage; anyone reads it at its public URL.
  const pixel = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
  const pictured = must(
    "session image",
    await coraHub.sessions.setImage(session.id, Object.assign(new Blob([pixel], { type: "image/png" }), { name: "portrait.png" })),
  );
  const imageUrl = coraHub.storage.publicUrl("session-images", pictured.image_path ?? "");
  say(`   session image (Storage): ${imageUrl} → ${(await fetch(imageUrl)).status}`);
  const boHub = hubFor(bo);
  const booked = must("book", await boHub.bookings.book(session.id));
  const payment = booked.payment;
  if (!payment) throw new DemoError("a paid session booked without a payment");
  say(
    `   Bo holds a seat (${booked.booking.status}) until ${payment.hold_expires_at}; pays ${payment.amount_minor / 100} ${payment.currency}`,
  );
  // What Stripe sends once the customer has paid, signed with the webhook secret as Stripe signs it.
  const stripeEvent = {
    id: `evt_demo_${Date.now()}`,
    object: "event",
    type: "payment_intent.succeeded",
    created: Math.floor(Date.now() / 1000),
    api_version: Stripe.API_VERSION,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: {
      object: {
        id: payment.payment_intent_id,
        object: "payment_intent",
        amount: payment.amount_minor,
        amount_received: payment.amount_minor,
        currency: payment.currency,
        status: "succeeded",
        metadata: { booking_id: booked.booking.id },
      },
    },
  };
  const payload = JSON.stringify(stripeEvent);
  const signature = new Stripe(standinSecretKey).webhooks.generateTestHeaderString({ payload, secret: e.stripeWebhookSecret });
  const delivered = await fetch(`${e.url}/functions/v1/stripe-webhook`, {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": signature },
    body: payload,
  });
  const webhook = (await delivered.json()) as { outcome?: string };
  if (!delivered.ok) throw new DemoError(`the webhook answered ${delivered.status}: ${JSON.stringify(webhook)}`);
  say(`   webhook: ${delivered.status} ${webhook.outcome}`);
  const bookingStatus = must("my bookings", await boHub.bookings.mine()).find((b) => b.id === booked.booking.id)?.status ?? "missing";
  say(`   Bo's booking is ${bookingStatus}`);

  say("6. At the door: Fiona's pop-up starts within the hour; Max shows his ticket, Fiona scans it");
  const popUp = must(
    "publish pop-up",
    await fionaHub.events.publish(
      must(
        "create pop-up",
        await fionaHub.events.create({
          title: "Pop-up sketch jam",
          location: "Scheveningen Pier, The Hague",
          starts_at: new Date(Date.now() + 45 * 60_000).toISOString(),
          ends_at: new Date(Date.now() + 105 * 60_000).toISOString(),
          timezone: "Europe/Amsterdam",
          tags: ["art", "demo"],
        }),
      ).id,
    ),
  );
  const maxSeat = must("enroll in pop-up", await max.hub.enrollments.enroll(popUp.id));
  const ticket = must("my ticket", await max.hub.tickets.forSubject({ enrollment_id: maxSeat.enrollment_id }));
  if (!ticket) throw new DemoError("Max's confirmed seat has no ticket");
  say(`   Max's ticket: ${ticket.code}`);
  const checkIns: string[] = [];
  for (const attempt of ["first scan", "second scan"]) {
    const scanned = must("check in", await fionaHub.tickets.checkIn({ code: ticket.code, event_id: popUp.id }));
    checkIns.push(scanned.status);
    say(`   ${attempt}: ${scanned.status} at ${scanned.checked_in_at} (${scanned.attendee.display_name})`);
  }
  const forged = await fionaHub.tickets.checkIn({ code: `${ticket.code.slice(0, 37)}${"0".repeat(32)}`, event_id: popUp.id });
  const forgedReason = (forged.error?.details as { reason?: string } | null)?.reason ?? "accepted?!";
  checkIns.push(forgedReason);
  say(`   a forged code: ${forged.error?.status} ${forgedReason}`);
  const attendance = must("attendance", await fionaHub.dashboards.attendance()).find((row) => row.id === popUp.id);
  say(`   Fiona's attendance dashboard: ${attendance?.checked_in} of ${attendance?.confirmed} checked in`);

  say("7. Fiona starts a weekly series: Tuesdays 19:00 in Amsterdam, four times");
  const nextWeek = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  const series = must(
    "create series",
    await fionaHub.series.create({
      rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=4",
      timezone: "Europe/Amsterdam",
      first_starts_on: nextWeek,
      starts_at_local: "19:00",
      duration: "2 hours",
      title: "Tuesday sketch club",
      location: "Scheveningen Pier, The Hague",
      tags: ["art", "demo"],
    }),
  );
  const seriesLocalTimes = must("series occurrences", await fionaHub.series.occurrences(series.id)).map((occurrence) =>
    new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Amsterdam", dateStyle: "medium", timeStyle: "short" }).format(
      new Date(occurrence.starts_at ?? 0),
    ),
  );
  for (const when of seriesLocalTimes) say(`   occurrence: ${when} (Amsterdam)`);
  say(`   the series in a calendar app: ${fionaHub.series.calendarUrl(series.id)}`);

  say("8. Emails in the mail catcher");
  // Send the outbox now, as pg_cron (hosted) or the stack's timer (local) would within a minute.
  for (let round = 0; round < 20; round++) {
    const response = await fetch(`${e.url}/functions/v1/email-dispatcher`, {
      method: "POST",
      headers: { authorization: `Bearer ${e.serviceRoleKey}`, "content-type": "application/json" },
      body: JSON.stringify({ batch_size: 500 }),
    });
    if (!response.ok) throw new DemoError(`email dispatch failed: HTTP ${response.status}`);
    if (((await response.json()) as { claimed: number }).claimed === 0) break;
  }
  const caught = (await (await fetch(`${e.mailUrl}/email`)).json()) as { subject: string; to: { address: string }[]; text?: string }[];
  const emails = caught
    .filter((m) => m.to.some((t) => people.has(t.address)))
    .map((m) => ({
      to: m.to.map((t) => t.address).join(", "),
      subject: m.subject,
      links: (m.text ?? "").match(/https?:\/\/[^\s)\]]*[^\s)\].,]/g) ?? [],
    }));
  for (const mail of emails) say(`   to ${mail.to}: ${mail.subject}${mail.links.length ? ` — ${mail.links.join(" ")}` : ""}`);
  say(`   ${emails.length} email(s) caught at ${e.mailUrl}`);

  say("The story is complete.");
  return {
    enrollments: outcomes,
    waitlistPosition,
    lockedStartsAt: locked.starts_at ?? "",
    bookingStatus,
    sessionImageUrl: imageUrl,
    checkIns,
    seriesLocalTimes,
    emails,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  runDemo().then(
    () => process.exit(0),
    (err: Error) => {
      console.error(err instanceof DemoError ? err.message : err);
      console.error("Is the stack running? Start it with `npm run dev` in another terminal.");
      process.exit(1);
    },
  );
}
