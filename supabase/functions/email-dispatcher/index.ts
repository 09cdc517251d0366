// POST /functions/v1/email-dispatcher: claims a batch of due outbox rows, renders each with its
// react-email template and sends it, then marks it sent or failed (backoff, dead after N tries).
// Service role only: pg_cron (pg_net) on hosted Supabase, the stack's timer locally. It uses the
// service role because it acts for every recipient, never for a caller.
import { z } from "zod";
import { preflight } from "../_shared/cors.ts";
import { icsUrl, isEmailKind, renderEmail } from "../_shared/email.ts";
import type { EmailProps } from "../_shared/email-templates/_layout.tsx";
import { HttpError, json, withErrors } from "../_shared/errors.ts";
import { type Mailer, mailerFromEnv } from "../_shared/mailer.ts";
import { fieldErrors } from "../_shared/schemas.ts";
import { adminClient, bearer, claimsOf } from "../_shared/supabase.ts";
import { ticketFromPayload } from "../_shared/tickets.ts";

const input = z.object({ batch_size: z.number().int().min(1).max(500).default(50) }).strict();

interface ClaimedEmail {
  id: number;
  kind: string;
  recipient_email: string;
  recipient_name: string | null;
  dedupe_key: string;
  attempts: number;
  payload: Record<string, unknown>;
  event: {
    slug: string | null;
    title: string;
    starts_at: string | null;
    ends_at: string | null;
    timezone: string;
    location: string;
    online_url: string | null;
  } | null;
}

const baseUrl = () => Deno.env.get("SUPABASE_URL") ?? "";
const preferencesUrl = () => `${(Deno.env.get("SITE_URL") ?? "http://127.0.0.1:3000").replace(/\/$/, "")}/settings/email`;

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
    icsUrl: row.event.slug ? icsUrl(baseUrl(), row.event.slug) : null,
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

async function deliver(mailer: Mailer, row: ClaimedEmail): Promise<void> {
  if (!isEmailKind(row.kind)) throw new Error(`no template for kind ${row.kind}`);
  const email = await renderEmail(row.kind, { ...propsFor(row), ticket: await ticketFromPayload(row.payload) });
  await mailer.send({ ...email, to: row.recipient_email, key: row.dedupe_key });
}

Deno.serve(
  withErrors(async (req) => {
    const early = preflight(req);
    if (early) return early;
    if (req.method !== "POST") throw new HttpError(405, "method_not_allowed", "Use POST.");
    if (claimsOf(bearer(req)).role !== "service_role") {
      throw new HttpError(403, "forbidden", "Only the service role may dispatch emails.");
    }
    const raw = await req.text();
    let body: unknown;
    try {
      body = raw.trim() === "" ? {} : JSON.parse(raw);
    } catch {
      throw new HttpError(400, "bad_request", "The body must be JSON.");
    }
    const parsed = input.safeParse(body);
    if (!parsed.success) throw new HttpError(400, "invalid_input", "Invalid dispatch options.", fieldErrors(parsed.error));

    const db = adminClient();
    const { data, error } = await db.rpc("claim_email_batch", { batch_size: parsed.data.batch_size });
    if (error) throw new HttpError(503, "unavailable", "Could not claim emails.", { reason: error.message });
    const rows = (data ?? []) as ClaimedEmail[];
    const outcome = { claimed: rows.length, sent: 0, failed: 0, dead: 0 };
    if (rows.length === 0) return json(outcome);

    const mailer = mailerFromEnv();
    try {
      for (const row of rows) {
        try {
          await deliver(mailer, row);
          const marked = await db.rpc("mark_email_sent", { email_id: row.id });
          if (marked.error) console.error(`email ${row.id} was sent but not marked`, marked.error);
          outcome.sent++;
        } catch (err) {
          const reason = err instanceof Error ? err.message : String(err);
          const marked = await db.rpc("mark_email_failed", { email_id: row.id, error: reason });
          if (marked.error) console.error(`email ${row.id} failed and was not marked`, marked.error);
          if (marked.data === "dead") outcome.dead++;
          else outcome.failed++;
        }
      }
    } finally {
      mailer.close();
    }
    return json(outcome);
  }),
);
