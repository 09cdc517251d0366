// Direct database access for work PostgREST cannot do: calling functions in the unexposed
// `private` schema (atomic enrollment, token lookups). One small pool per function worker.
import postgres from "postgres";

let pool: ReturnType<typeof postgres> | undefined;

export function db() {
  pool ??= postgres(Deno.env.get("SUPABASE_DB_URL") ?? "", {
    max: 10,
    idle_timeout: 30,
    connect_timeout: 5,
    prepare: false,
    onnotice: () => {},
  });
  return pool;
}
