// Email suites: events to enroll in, the dispatcher (the stack's own, or a second instance with its
// own environment), and the outbox rows behind the emails.
import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import { localEmailUnsubscribeSecret } from "../../stack/lib/config.ts";
import { denoFunctionCommand } from "../../stack/lib/stack.ts";
import { db, env } from "./stack.ts";

export interface DispatchOutcome {
  claimed: number;
  sent: number;
  failed: number;
  dead: number;
}

export async function dispatch(baseUrl = `${env.url}/functions/v1/email-dispatcher`, token = env.serviceRoleKey): Promise<DispatchOutcome> {
  const response = await fetch(baseUrl, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: "{}",
  });
  if (response.status !== 200) throw new Error(`dispatcher answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as DispatchOutcome;
}

/** Dispatches until nothing due is left (other suites may have queued hundreds of emails). */
export async function drainOutbox(maxRounds = 20): Promise<void> {
  for (let round = 0; round < maxRounds; round++) {
    const response = await fetch(`${env.url}/functions/v1/email-dispatcher`, {
      method: "POST",
      headers: { authorization: `Bearer ${env.serviceRoleKey}`, "content-type": "application/json" },
      body: JSON.stringify({ batch_size: 500 }),
    });
    if (response.status !== 200) throw new Error(`dispatcher answered ${response.status}: ${await response.text()}`);
    if (((await response.json()) as DispatchOutcome).claimed === 0) return;
  }
  throw new Error(`the outbox was still not empty after ${maxRounds} rounds`);
}

export async function createEvent(organizerId: string, fields: { title: string; startsAt: string; timezone: string; capacity?: number }) {
  const [row] = await db<{ id: string; slug: string }>(
    `insert into public.events (organizer_id, title, starts_at, timezone, capacity, location, status)
     values ($1, $2, $3, $4, $5, 'Community hall', 'published') returning id, slug`,
    [organizerId, fields.title, fields.startsAt, fields.timezone, fields.capacity ?? null],
  );
  if (!row) throw new Error("event not created");
  return row;
}

export async function enroll(eventId: string, userId: string): Promise<void> {
  await db("select private.enroll($1, $2)", [eventId, userId]);
}

export interface OutboxRow {
  id: string;
  kind: string;
  status: string;
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date;
  updated_at: Date;
}

export function outboxFor(userId: string, kind?: string): Promise<OutboxRow[]> {
  return db<OutboxRow>(
    "select id, kind, status, attempts, last_error, next_attempt_at, updated_at from public.email_outbox where recipient_id = $1 and ($2::text is null or kind::text = $2) order by id",
    [userId, kind ?? null],
  );
}

/** Moves the clock for these rows: what is backing off becomes due now. */
export async function makeDue(userId: string): Promise<void> {
  await db("update public.email_outbox set next_attempt_at = now() where recipient_id = $1 and status in ('pending', 'failed')", [userId]);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A second, real instance of the email-dispatcher function, started the way the stack starts
 * functions but with its own environment (e.g. an SMTP port where no server listens).
 */
export async function startDispatcher(extraEnv: Record<string, string>): Promise<{ url: string; stop: () => void }> {
  const port = await freePort();
  const {
    command,
    args,
    cwd,
    env: baseEnv,
  } = denoFunctionCommand("email-dispatcher", port, {
    SUPABASE_URL: env.url,
    SUPABASE_ANON_KEY: env.anonKey,
    SUPABASE_SERVICE_ROLE_KEY: env.serviceRoleKey,
    SMTP_HOST: "127.0.0.1",
    SMTP_PORT: String(env.smtpPort),
    EMAIL_UNSUBSCRIBE_SECRET: localEmailUnsubscribeSecret,
    ...extraEnv,
  });
  const child: ChildProcess = spawn(command, args, { cwd, stdio: "ignore", env: baseEnv });
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the second dispatcher exited with ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) break;
    if (Date.now() > deadline) {
      child.kill();
      throw new Error("the second dispatcher did not start");
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}
