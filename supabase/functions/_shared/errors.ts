// The one error shape of every function: { "error": { "code", "message", "details" } }, and the one
// CORS policy (browsers call functions from any origin with the headers supabase-js sends). The
// codes are the contract's ErrorCode (the README lists them all), the same at the gateway.
import type { ErrorCode } from "@gatherhub/contract";

export const corsHeaders: Record<string, string> = {
  "access-control-allow-origin": "*",
  "access-control-allow-headers": "authorization, x-client-info, apikey, content-type",
  "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
  "access-control-expose-headers": "retry-after",
};

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details: unknown = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** A JSON answer; name the contract type (`json<EnrollOutcome>(…)`) to have its shape checked. */
export function json<T = unknown>(body: T, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...corsHeaders, ...headers, "content-type": "application/json; charset=utf-8" },
  });
}

export function errorResponse(
  status: number,
  code: string,
  message: string,
  details: unknown = null,
  headers: Record<string, string> = {},
  extra: Record<string, unknown> = {},
): Response {
  return json({ error: { code, ...extra, message, details } }, status, headers);
}
