// Direct database access for work PostgREST cannot do: calling functions in the unexposed
// `private` schema (atomic enrollment, token lookups). One small pool per function worker.
import postgres from "postgres";
import { HttpError } from "./errors.ts";

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

/** The stable reason a private function raised: the text before ':' ("event_past: …" → "event_past"). */
export function reasonOf(err: unknown): { reason: string; sqlstate: string | null } {
  const e = err as { message?: string; code?: string };
  const match = /^([a-z_]+):/.exec(e.message ?? "");
  return { reason: match?.[1] ?? "", sqlstate: e.code ?? null };
}

/** status, error code and message for each reason a private function may raise. */
export type Refusals = Record<string, [number, string, string]>;

/**
 * Turns a refusal raised by a private function into its HttpError (details: the reason, plus the
 * JSON the function put in DETAIL, if any); anything not in the table is rethrown as it is.
 */
export function refuse(err: unknown, refusals: Refusals): never {
  const { reason } = reasonOf(err);
  const refusal = refusals[reason];
  if (!refusal) throw err;
  let extra: Record<string, unknown> = {};
  try {
    extra = JSON.parse((err as { detail?: string }).detail ?? "{}");
  } catch {
    extra = {};
  }
  throw new HttpError(refusal[0], refusal[1], refusal[2], { reason, ...extra });
}
