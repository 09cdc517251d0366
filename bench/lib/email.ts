// Email dispatch: emails per second through the outbox (claim → react-email render → SMTP → mark,
// all inside the email-dispatcher function, which keeps a few sends in flight over pooled
// connections) against plain SMTP sends of a similar message from here, one after another over one
// pooled connection, both to the stack's mail catcher. Correctness in the same run: every queued
// email arrives exactly once and every row ends `sent`.
import nodemailer from "nodemailer";

export interface EmailDispatchResult {
  count: number;
  outboxPerSecond: number;
  directPerSecond: number;
  rounds: number;
  delivered: number;
  sentRows: number;
  correct: boolean;
}

type Sql = <T extends Record<string, unknown>>(text: string, values?: unknown[]) => Promise<T[]>;

async function caughtTo(mailUrl: string, domain: string): Promise<number> {
  const mails = (await (await fetch(`${mailUrl}/email`)).json()) as { to: { address: string }[] }[];
  return mails.filter((m) => m.to.some((t) => t.address.endsWith(`@${domain}`))).length;
}

export async function measureEmailDispatch(options: {
  apiUrl: string;
  serviceRoleKey: string;
  mailUrl: string;
  smtpPort: number;
  eventId: string;
  sql: Sql;
  count: number;
}): Promise<EmailDispatchResult> {
  const { apiUrl, serviceRoleKey, mailUrl, smtpPort, eventId, sql, count } = options;
  const run = Date.now().toString(36);
  const outboxDomain = `outbox-${run}.bench.gatherhub.dev`;
  const directDomain = `direct-${run}.bench.gatherhub.dev`;
  await fetch(`${mailUrl}/email/all`, { method: "DELETE" });

  await sql(
    `insert into public.email_outbox (kind, recipient_email, subject_table, subject_id, event_id, dedupe_key)
     select 'enrollment_confirmed', 'reader' || n || '@' || $2, 'events', $1, $1, 'bench:' || $3 || ':' || n
       from generate_series(1, $4) n`,
    [eventId, outboxDomain, run, count],
  );
  const outboxStart = performance.now();
  let rounds = 0;
  for (; rounds < 100; rounds++) {
    const response = await fetch(`${apiUrl}/functions/v1/email-dispatcher`, {
      method: "POST",
      headers: { authorization: `Bearer ${serviceRoleKey}`, "content-type": "application/json" },
      body: JSON.stringify({ batch_size: 100 }),
    });
    if (!response.ok) throw new Error(`email dispatcher answered ${response.status}`);
    if (((await response.json()) as { claimed: number }).claimed === 0) break;
  }
  const outboxSeconds = (performance.now() - outboxStart) / 1000;

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
  const directStart = performance.now();
  for (let n = 1; n <= count; n++) {
    await transport.sendMail({
      from: "GatherHub <hello@gatherhub.dev>",
      to: `reader${n}@${directDomain}`,
      subject: "You're in",
      html,
      text,
    });
  }
  const directSeconds = (performance.now() - directStart) / 1000;
  transport.close();

  const delivered = await caughtTo(mailUrl, outboxDomain);
  const [row] = await sql<{ sent: number }>(
    "select count(*) filter (where status = 'sent')::int as sent from public.email_outbox where dedupe_key like $1",
    [`bench:${run}:%`],
  );
  const sentRows = row?.sent ?? 0;
  await sql("delete from public.email_outbox where dedupe_key like $1", [`bench:${run}:%`]);
  return {
    count,
    outboxPerSecond: count / outboxSeconds,
    directPerSecond: count / directSeconds,
    rounds,
    delivered,
    sentRows,
    correct: delivered === count && sentRows === count && (await caughtTo(mailUrl, directDomain)) === count,
  };
}
