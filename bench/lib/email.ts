// Email dispatch: emails per second through the outbox (claim → react-email render → SMTP → mark,
// all inside the email-dispatcher function, which keeps a few sends in flight over pooled
// connections) against plain SMTP sends of a similar message from here, one after another over one
// pooled connection, both to the stack's mail catcher. Like the other scenarios: both sides warmed
// up first (20 emails each, reported as the cold figures), then alternated rounds (outbox, direct,
// outbox, direct …) and the median of each side. Correctness in the same run: every queued email
// arrives exactly once and every row ends `sent`.
import nodemailer from "nodemailer";

export interface DispatchTimings {
  claim: number;
  render: number;
  smtp: number;
  mark: number;
  total: number;
}

export interface EmailDispatchResult {
  count: number;
  outboxPerSecond: number;
  directPerSecond: number;
  /** The warm-up round of each side (first dispatch after boot: module load and JIT). */
  coldOutboxPerSecond: number;
  coldDirectPerSecond: number;
  rounds: number;
  dispatches: number;
  /** The dispatcher's own timings summed over the measured rounds (ms; render and SMTP overlap across sends). */
  dispatcherMs: DispatchTimings;
  delivered: number;
  sentRows: number;
  correct: boolean;
}

type Sql = <T extends Record<string, unknown>>(text: string, values?: unknown[]) => Promise<T[]>;

async function caughtTo(mailUrl: string, domain: string): Promise<number> {
  const mails = (await (await fetch(`${mailUrl}/email`)).json()) as { to: { address: string }[] }[];
  return mails.filter((m) => m.to.some((t) => t.address.endsWith(`@${domain}`))).length;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

export async function measureEmailDispatch(options: {
  apiUrl: string;
  serviceRoleKey: string;
  mailUrl: string;
  smtpPort: number;
  eventId: string;
  sql: Sql;
  count: number;
  rounds?: number;
}): Promise<EmailDispatchResult> {
  const { apiUrl, serviceRoleKey, mailUrl, smtpPort, eventId, sql, count } = options;
  const rounds = options.rounds ?? 3;
  const perRound = Math.ceil(count / rounds);
  const warmUp = 20;
  const run = Date.now().toString(36);
  const outboxDomain = `outbox-${run}.bench.gatherhub.dev`;
  const directDomain = `direct-${run}.bench.gatherhub.dev`;
  await fetch(`${mailUrl}/email/all`, { method: "DELETE" });

  const dispatcherMs: DispatchTimings = { claim: 0, render: 0, smtp: 0, mark: 0, total: 0 };
  let dispatches = 0;
  let queued = 0;
  const outboxRound = async (n: number, measured: boolean): Promise<number> => {
    await sql(
      `insert into public.email_outbox (kind, recipient_email, subject_table, subject_id, event_id, dedupe_key)
       select 'enrollment_confirmed', 'reader' || n || '@' || $2, 'events', $1, $1, 'bench:' || $3 || ':' || n
         from generate_series($4::int, $5::int) n`,
      [eventId, outboxDomain, run, queued + 1, queued + n],
    );
    queued += n;
    const started = performance.now();
    for (let i = 0; i < 100; i++) {
      const response = await fetch(`${apiUrl}/functions/v1/email-dispatcher`, {
        method: "POST",
        headers: { authorization: `Bearer ${serviceRoleKey}`, "content-type": "application/json" },
        body: JSON.stringify({ batch_size: 100 }),
      });
      if (!response.ok) throw new Error(`email dispatcher answered ${response.status}`);
      const outcome = (await response.json()) as { claimed: number; ms?: DispatchTimings };
      if (measured) {
        dispatches++;
        for (const key of Object.keys(dispatcherMs) as (keyof DispatchTimings)[]) dispatcherMs[key] += outcome.ms?.[key] ?? 0;
      }
      if (outcome.claimed === 0) break;
    }
    return n / ((performance.now() - started) / 1000);
  };

  // The same kind of message (similar size, HTML + text), sent straight over SMTP.
  const html = `<html><body>${"<p>You're in: a benchmark event, see you there.</p>".repeat(40)}</body></html>`;
  const text = "You're in: a benchmark event, see you there.\n".repeat(40);
  const transport = nodemailer.createTransport({
    pool: true,
    maxConnections: 1,
    host: "127.0.0.1",
    port: smtpPort,
    secure: false,
    ignoreTLS: true,
  });
  let sentDirect = 0;
  const directRound = async (n: number): Promise<number> => {
    const started = performance.now();
    for (let i = 0; i < n; i++) {
      sentDirect++;
      await transport.sendMail({
        from: "GatherHub <hello@gatherhub.dev>",
        to: `reader${sentDirect}@${directDomain}`,
        subject: "You're in",
        html,
        text,
      });
    }
    return n / ((performance.now() - started) / 1000);
  };

  const coldOutboxPerSecond = await outboxRound(warmUp, false);
  const coldDirectPerSecond = await directRound(warmUp);
  const outboxRates: number[] = [];
  const directRates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    outboxRates.push(await outboxRound(perRound, true));
    directRates.push(await directRound(perRound));
  }
  transport.close();

  const delivered = await caughtTo(mailUrl, outboxDomain);
  const [row] = await sql<{ sent: number }>(
    "select count(*) filter (where status = 'sent')::int as sent from public.email_outbox where dedupe_key like $1",
    [`bench:${run}:%`],
  );
  const sentRows = row?.sent ?? 0;
  await sql("delete from public.email_outbox where dedupe_key like $1", [`bench:${run}:%`]);
  return {
    count: queued,
    outboxPerSecond: median(outboxRates),
    directPerSecond: median(directRates),
    coldOutboxPerSecond,
    coldDirectPerSecond,
    rounds,
    dispatches,
    dispatcherMs,
    delivered,
    sentRows,
    correct: delivered === queued && sentRows === queued && (await caughtTo(mailUrl, directDomain)) === sentDirect,
  };
}
