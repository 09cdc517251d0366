// One convention for every "no" the database says, read the same way by PostgREST, the edge
// functions and the SDK.
//
// SQL refuses with `perform private.refuse('<reason>', <details jsonb>)`: it looks the reason up in
// private.refusals and raises SQLSTATE `PT<status>` (PostgREST answers that HTTP status), the row's
// message, the reason as HINT and the details as DETAIL (JSON). `npm run types` writes those rows to
// refusals.generated.ts, so this table is the SQL table, not a copy kept by hand (the types drift
// check fails when they differ). Errors the database raises itself (constraints, privileges, bad
// values) keep their standard SQLSTATEs and are read through `databaseErrors` below.
import { refusals } from "./refusals.generated.ts";

export { refusals };
export type RefusalReason = keyof typeof refusals;
type RefusalCode = (typeof refusals)[RefusalReason]["code"];

/** Every `error.code` a client can get from a function or the SDK; the README lists them all. */
export type ErrorCode =
  | "bad_request"
  | "payload_too_large"
  | "invalid_input"
  | "invalid_jwt"
  | "jwt_expired"
  | "invalid_token"
  | "invalid_signature"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
  | "conflict"
  | "unprocessable"
  | "rate_limited"
  | "unavailable"
  | "internal_error"
  | "network_error"
  | RefusalCode;

/** An error as the API answers it: `{ "error": { code, message, details } }` with this status. */
export interface ApiError {
  status: number;
  code: ErrorCode;
  message: string;
  details: Record<string, unknown>;
}

/** Standard SQLSTATEs our tables and functions raise, with the status PostgREST gives them. */
const databaseErrors: Record<string, { status: number; code: ErrorCode }> = {
  "42501": { status: 403, code: "forbidden" },
  "23505": { status: 409, code: "conflict" },
  "23503": { status: 409, code: "unprocessable" },
  "23514": { status: 400, code: "invalid_input" },
  "22P02": { status: 400, code: "invalid_input" },
  "22023": { status: 400, code: "invalid_input" },
  "22007": { status: 400, code: "invalid_input" },
  "22008": { status: 400, code: "invalid_input" },
  PGRST116: { status: 406, code: "not_found" },
  PGRST301: { status: 401, code: "invalid_jwt" },
  PGRST303: { status: 401, code: "jwt_expired" },
  rate_limited: { status: 429, code: "rate_limited" },
};

/** The shape of a database error from supabase-js / PostgREST (`details`) or postgres.js (`detail`). */
export interface DatabaseError {
  code?: string;
  message?: string;
  details?: unknown;
  detail?: unknown;
  hint?: unknown;
}

const isReason = (value: unknown): value is RefusalReason => typeof value === "string" && Object.hasOwn(refusals, value);

function jsonObject(text: unknown): Record<string, unknown> {
  if (typeof text !== "string" || !text.startsWith("{")) return {};
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * The API error for a database error: a refusal (PT<status> + a known reason as HINT) becomes its
 * table row, a standard SQLSTATE its usual status; anything else is null (a fault, not a refusal).
 */
export function apiErrorOf(error: DatabaseError): ApiError | null {
  const code = error.code ?? "";
  if (/^PT\d{3}$/.test(code) && isReason(error.hint)) {
    const refusal = refusals[error.hint];
    return {
      status: refusal.status,
      code: refusal.code,
      message: refusal.message,
      details: { ...jsonObject(error.details ?? error.detail), reason: error.hint },
    };
  }
  const known = databaseErrors[code];
  if (!known) return null;
  if (known.code === "rate_limited") {
    return { status: 429, code: "rate_limited", message: error.message ?? "", details: rateLimitDetails(error.details ?? error.detail) };
  }
  return {
    status: known.status,
    code: known.code,
    message: error.message ?? "",
    details: { sqlstate: code, details: error.details ?? error.detail ?? null, hint: error.hint ?? null },
  };
}

/**
 * The write limit's facts, from the details the rate-limit hook writes for REST clients
 * ("subject user:…, limit 3 writes per 3600 s, retry after 2833 s").
 */
function rateLimitDetails(text: unknown): Record<string, unknown> {
  const match = /^subject (\S+), limit (\d+) writes per (\d+) s, retry after (\d+) s$/.exec(String(text ?? ""));
  if (!match) return {};
  return { subject: match[1], max_writes: Number(match[2]), window_seconds: Number(match[3]), retry_after: Number(match[4]) };
}
