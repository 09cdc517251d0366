// GET /functions/v1/health: up or down for anyone (200 `ok` / 503 `degraded`), public
// (verify_jwt = false) so uptime checks need no token. Only the service role (its key as the
// bearer token) also gets the details: database latency, newest applied migration, email outbox
// backlog and the API version. Anonymous calls cost one `select 1`; the counts are index-backed
// and capped, so no caller can make health scan the outbox.
import postgres from "postgres";
import { json, route, serve } from "../_shared/frame.ts";

const version = "0.1.0";
const dbUrl = Deno.env.get("SUPABASE_DB_URL") ?? "";
// Health probes the database itself (not through PostgREST, which it also reports on by being
// reachable behind the same gateway): one small pool per worker, never exhausting connections.
const sql = postgres(dbUrl, { max: 1, idle_timeout: 20, connect_timeout: 3, prepare: false });
// Counts stop here: "more than this many" is all an operator needs to know.
const countCap = 10_000;

async function reachable(): Promise<number | null> {
  const started = performance.now();
  try {
    await sql`select 1`;
    return Math.round((performance.now() - started) * 100) / 100;
  } catch (err) {
    console.error("health: database unreachable", err);
    return null;
  }
}

async function details() {
  // The CLI creates its history table with the first migration; before that there is no version.
  const [row] = await sql`select to_regclass('supabase_migrations.schema_migrations') is not null as tracked`;
  const migration = row?.tracked ? ((await sql`select max(version) as v from supabase_migrations.schema_migrations`)[0]?.v ?? null) : null;
  // Emails waiting to go out (due now or retrying) and the ones that gave up: a growing backlog or
  // any dead row means delivery needs attention. Each count walks a partial or status index.
  const [outbox] = await sql`
    select (select count(*) from (select 1 from public.email_outbox
              where status in ('pending', 'sending', 'failed') and next_attempt_at <= now() limit ${countCap}) d)::int as due,
           (select count(*) from (select 1 from public.email_outbox where status = 'dead' limit ${countCap}) d)::int as dead,
           extract(epoch from now() - (select min(next_attempt_at) from public.email_outbox
              where status in ('pending', 'failed')))::int as oldest_due_seconds`;
  return {
    migration,
    outbox: { due: outbox?.due ?? 0, dead: outbox?.dead ?? 0, oldest_due_seconds: Math.max(outbox?.oldest_due_seconds ?? 0, 0) },
  };
}

serve("health", [
  route({
    method: "GET",
    // Any sub-path answers the same, as it always has.
    path: "/*",
    auth: "none",
    handler: async ({ isServiceRole }) => {
      const latency = await reachable();
      const status = latency === null ? "degraded" : "ok";
      const code = latency === null ? 503 : 200;
      if (!isServiceRole) return json({ status }, code);
      const more = latency === null ? { migration: null, outbox: null } : await details();
      return json(
        {
          status,
          version,
          database: { reachable: latency !== null, latency_ms: latency },
          ...more,
          checked_at: new Date().toISOString(),
        },
        code,
      );
    },
  }),
]);
