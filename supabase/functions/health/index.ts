// GET /functions/v1/health: database reachability and round-trip latency, the newest applied
// migration, the email outbox backlog and the API version. Public (verify_jwt = false) so uptime checks need no token.
import postgres from "postgres";
import { preflight } from "../_shared/cors.ts";
import { errorResponse, json, withErrors } from "../_shared/errors.ts";

const version = "0.1.0";
const dbUrl = Deno.env.get("SUPABASE_DB_URL") ?? "";
// One small pool per worker; the health check must never exhaust the database's connections.
const sql = postgres(dbUrl, { max: 1, idle_timeout: 20, connect_timeout: 3, prepare: false });

async function probeDatabase() {
  const started = performance.now();
  try {
    await sql`select 1`;
  } catch (err) {
    console.error("health: database unreachable", err);
    return { ok: false, latency_ms: null, migration: null, outbox: null };
  }
  const latency_ms = Math.round((performance.now() - started) * 100) / 100;
  // The CLI creates its history table with the first migration; before that there is no version.
  const [row] = await sql`select to_regclass('supabase_migrations.schema_migrations') is not null as tracked`;
  const migration = row?.tracked ? ((await sql`select max(version) as v from supabase_migrations.schema_migrations`)[0]?.v ?? null) : null;
  // Emails waiting to go out (due now or retrying) and the ones that gave up: a growing backlog or
  // any dead row means delivery needs attention.
  const [outbox] = await sql`
    select count(*) filter (where status in ('pending', 'sending', 'failed') and next_attempt_at <= now())::int as due,
           count(*) filter (where status = 'dead')::int as dead,
           extract(epoch from now() - min(next_attempt_at) filter (where status in ('pending', 'failed')))::int as oldest_due_seconds
      from public.email_outbox`;
  return {
    ok: true,
    latency_ms,
    migration,
    outbox: { due: outbox?.due ?? 0, dead: outbox?.dead ?? 0, oldest_due_seconds: Math.max(outbox?.oldest_due_seconds ?? 0, 0) },
  };
}

Deno.serve(
  withErrors(async (req) => {
    const early = preflight(req);
    if (early) return early;
    if (req.method !== "GET") return errorResponse(405, "method_not_allowed", "Use GET.");
    const db = await probeDatabase();
    const body = {
      status: db.ok ? "ok" : "degraded",
      version,
      database: { reachable: db.ok, latency_ms: db.latency_ms },
      migration: db.migration,
      outbox: db.outbox,
      checked_at: new Date().toISOString(),
    };
    return json(body, db.ok ? 200 : 503);
  }),
);
