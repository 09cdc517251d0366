// POST /functions/v1/email-dispatcher: claims a batch of due outbox rows (rows whose recipient
// turned the category off come back `skipped` from the claim itself), renders each with its
// react-email template (HTML once, text derived from it), sends them over a small pool of SMTP
// connections (bounded concurrency), and marks the batch sent / failed (backoff, dead after N
// tries) in one RPC per chunk. Non-transactional emails carry RFC 8058 one-click unsubscribe headers.
// Service role only: pg_cron (pg_net) on hosted Supabase, the stack's timer locally. It uses the
// service role because it acts for every recipient, never for a caller.

import { type Database, type EmailCategory, emailCategories } from "@gatherhub/contract";
import { z } from "zod";
import { icsUrl, renderEmail, sessionIcsUrl } from "../_shared/email.ts";
import { type EmailProps, previewProps } from "../_shared/email-templates/_layout.tsx";
import { type Db, HttpError, json, route, serve } from "../_shared/frame.ts";
import { type Mailer, mailerFromEnv } from "../_shared/mailer.ts";
import { ticketFromPayload } from "../_shared/tickets.ts";
import { categoryLabels, signUnsubscribeToken, unsubscribeUrl } from "../_shared/unsubscribe.ts";

const input = z.object({ batch_size: z.number().int().min(1).max(500).default(50) }).strict();

/** Sends in flight at once (one pooled SMTP connection each). */
const concurrency = () => Math.min(16, Math.max(1, Number(Deno.env.get("EMAIL_CONCURRENCY") ?? "4") || 4));
/** Outcomes reported per mark RPC: a dispatcher that dies mid-batch re-sends at most this many. */
const markChunk = 50;

/** A row of rpc/claim_email_batch as the generated types describe it; `event` and `payload` are jsonb. */
type ClaimedEmail = Omit<Database["public"]["Functions"]["claim_email_batch"]["Returns"][number], "event" | "payload" | "category"> & {
  /** What the email is about, as claim_email_batch builds it (an event, or a paid session). */
  event: {
    slug: string | null;
    title: string;
    starts_at: string | null;
    ends_at: string | null;
    timezone: string;
    location: string;
    online_url: string | null;
    session_id?: string;
  } | null;
  payload: Record<string, unknown>;
  /** notification_preferences column this email belongs to; null = transactional (always sent). */
  category: string | null;
};

/** Public base of links in emails: PUBLIC_URL when set (e.g. behind a custom domain), else SUPABASE_URL. */
const baseUrl = () => Deno.env.get("PUBLIC_URL") || Deno.env.get("SUPABASE_URL") || "";
const preferencesUrl = () => `${(Deno.env.get("SITE_URL") ?? "http://127.0.0.1:3000").replace(/\/$/, "")}/settings/email`;

const isCategory = (value: string | null): value is EmailCategory => (emailCategories as readonly (string | null)[]).includes(value);

/** RFC 8058 headers and the footer link for a non-transactional email; null for transactional ones. */
async function unsubscribeFor(row: ClaimedEmail): Promise<{ url: string; label: string; headers: Record<string, string> } | null> {
  if (!isCategory(row.category) || !row.recipient_id) return null;
  const token = await signUnsubscribeToken(row.recipient_id, row.category);
  const url = unsubscribeUrl(baseUrl(), token);
  const mailto = Deno.env.get("EMAIL_UNSUBSCRIBE_MAILTO");
  // The footer link may go to the app's own page (which POSTs the token to the function): hosted
  // Supabase serves GET text/html from functions as text/plain on *.supabase.co.
  const page = Deno.env.get("EMAIL_UNSUBSCRIBE_PAGE_URL");
  return {
    url: page ? `${page}${page.includes("?") ? "&" : "?"}token=${encodeURIComponent(token)}` : url,
    label: categoryLabels[row.category],
    headers: {
      "List-Unsubscribe": mailto ? `<${url}>, <mailto:${mailto}?subject=unsubscribe>` : `<${url}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
  };
}

function propsFor(row: ClaimedEmail): EmailProps {
  if (!row.event) throw new Error(`outbox row ${row.id} has no event to describe`);
  const previous = row.payload.previous as Record<string, string | null> | undefined;
  return {
    recipientName: row.recipient_name ?? row.recipient_email.split("@")[0] ?? "there",
    event: {
      title: row.event.title,
      slug: row.event.slug,
      startsAt: row.event.starts_at,
      endsAt: row.event.ends_at,
      timezone: row.event.timezone,
      location: row.event.location,
      onlineUrl: row.event.online_url,
    },
    icsUrl: row.event.slug
      ? icsUrl(baseUrl(), row.event.slug)
      : row.event.session_id
        ? sessionIcsUrl(baseUrl(), row.event.session_id)
        : null,
    preferencesUrl: preferencesUrl(),
    previous: previous
      ? {
          startsAt: previous.starts_at ?? null,
          timezone: previous.timezone ?? row.event.timezone,
          location: previous.location ?? "",
          onlineUrl: previous.online_url ?? null,
        }
      : null,
    waitlistPosition: typeof row.payload.waitlist_position === "number" ? row.payload.waitlist_position : null,
    payment:
      typeof row.payload.amount_minor === "number" && typeof row.payload.currency === "string"
        ? {
            amountMinor: row.payload.amount_minor,
            currency: row.payload.currency,
            refundReason: row.payload.reason === "no_seat" ? "no_seat" : row.payload.reason === "cancelled" ? "cancelled" : null,
          }
        : null,
  };
}

/** Milliseconds spent per step, summed over the batch (render and SMTP overlap across sends). */
interface Timings {
  claim: number;
  render: number;
  smtp: number;
  mark: number;
  total: number;
}

async function deliver(mailer: Mailer, row: ClaimedEmail, ms: Timings): Promise<void> {
  const started = performance.now();
  const unsubscribe = await unsubscribeFor(row);
  const props: EmailProps = { ...propsFor(row), ticket: await ticketFromPayload(row.payload) };
  if (unsubscribe) props.unsubscribe = { url: unsubscribe.url, label: unsubscribe.label };
  const email = await renderEmail(row.kind, props);
  const rendered = performance.now();
  ms.render += rendered - started;
  try {
    await mailer.send({ ...email, headers: unsubscribe?.headers, to: row.recipient_email, key: row.dedupe_key });
  } finally {
    ms.smtp += performance.now() - rendered;
  }
}

interface Outcome {
  claimed: number;
  sent: number;
  failed: number;
  dead: number;
  /** Where the time went (see README, "Benchmarks"). */
  ms?: Timings;
}

/** Reports a chunk of outcomes in one RPC (retried briefly: an unmarked row is re-sent after its lease). */
async function mark(db: Db, sent: number[], failures: { id: number; error: string }[], outcome: Outcome, ms: Timings): Promise<void> {
  if (sent.length === 0 && failures.length === 0) return;
  for (let attempt = 1; ; attempt++) {
    const started = performance.now();
    const { data, error } = await db.rpc("mark_email_batch", { sent, failures });
    ms.mark += performance.now() - started;
    if (!error) {
      for (const row of (data ?? []) as { id: number; status: string }[]) {
        if (row.status === "sent") outcome.sent++;
        else if (row.status === "dead") outcome.dead++;
        else outcome.failed++;
      }
      return;
    }
    if (attempt >= 3) {
      console.error(`could not mark ${sent.length + failures.length} emails`, error);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
  }
}

/** Sends every claimed row with at most `concurrency()` in flight, marking outcomes in chunks. */
async function sendAll(db: Db, mailer: Mailer, rows: ClaimedEmail[], outcome: Outcome, ms: Timings): Promise<void> {
  let sent: number[] = [];
  let failures: { id: number; error: string }[] = [];
  const marks: Promise<void>[] = [];
  const flush = (force: boolean) => {
    if (!force && sent.length + failures.length < markChunk) return;
    marks.push(mark(db, sent, failures, outcome, ms));
    sent = [];
    failures = [];
  };
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const row = rows[next++] as ClaimedEmail;
      try {
        await deliver(mailer, row, ms);
        sent.push(row.id);
      } catch (err) {
        failures.push({ id: row.id, error: err instanceof Error ? err.message : String(err) });
      }
      flush(false);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency(), rows.length) }, worker));
  flush(true);
  await Promise.all(marks);
}

// Warm the renderer while the function is idle: the first render after boot loads and compiles
// react-dom's server renderer (seconds on a busy machine), which would otherwise land on the first batch.
renderEmail("enrollment_confirmed", previewProps).catch((err) => console.error("template warm-up failed", err));

serve("email-dispatcher", [
  route({
    method: "POST",
    path: "/",
    // The key itself, not a decoded claim: without the gateway nobody checked a JWT's signature.
    auth: "secret",
    input,
    handler: async ({ admin, input: options }) => {
      // Service role: it acts for every recipient, never for a caller.
      const db = admin;
      const started = performance.now();
      const ms: Timings = { claim: 0, render: 0, smtp: 0, mark: 0, total: 0 };
      const { data, error } = await db.rpc("claim_email_batch", { batch_size: options.batch_size });
      ms.claim = performance.now() - started;
      if (error) throw new HttpError(503, "unavailable", "Could not claim emails.");
      const rows = (data ?? []) as ClaimedEmail[];
      const outcome: Outcome = { claimed: rows.length, sent: 0, failed: 0, dead: 0 };
      if (rows.length === 0) return json(outcome);

      const mailer = mailerFromEnv(concurrency());
      try {
        await sendAll(db, mailer, rows, outcome, ms);
      } finally {
        mailer.close();
      }
      ms.total = performance.now() - started;
      outcome.ms = { claim: ms.claim, render: ms.render, smtp: ms.smtp, mark: ms.mark, total: ms.total };
      for (const key of Object.keys(outcome.ms) as (keyof Timings)[]) outcome.ms[key] = Math.round(outcome.ms[key]);
      return json(outcome);
    },
  }),
]);
