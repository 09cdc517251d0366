// The one error shape of every function: { "error": { "code", "message", "details" } }.
import { corsHeaders } from "./cors.ts";

// One code per cause, the same at the gateway (stack/lib/gateway.ts); the README lists them all.
export type ErrorCode =
  | "bad_request"
  | "payload_too_large"
  | "invalid_input"
  | "invalid_jwt"
  | "jwt_expired"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
  | "conflict"
  | "unprocessable"
  | "rate_limited"
  | "unavailable"
  | "internal_error";

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | string,
    message: string,
    readonly details: unknown = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
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
): Response {
  return json({ error: { code, message, details } }, status, headers);
}

/**
 * Wraps a handler: HttpErrors become their JSON error, anything else a 500 with no internals
 * (the cause goes to the function's log, never to the client).
 */
export function withErrors(handler: (req: Request) => Promise<Response>): (req: Request) => Promise<Response> {
  return async (req) => {
    try {
      return await handler(req);
    } catch (err) {
      if (err instanceof HttpError) return errorResponse(err.status, err.code, err.message, err.details, err.headers);
      console.error(err);
      return errorResponse(500, "internal_error", "Something went wrong on our side.");
    }
  };
}
