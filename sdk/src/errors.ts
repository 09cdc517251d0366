import type { z } from "zod";
import { fieldErrors } from "../../supabase/functions/_shared/schemas.ts";
// Errors are values: every SDK call resolves to { data, error } and error.code is a stable string
// the caller can switch on.

export type ErrorCode =
  | "invalid_input"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "unprocessable"
  | "rate_limited"
  | "unavailable"
  | "network_error"
  | "internal_error"
  | (string & {});

export class GatherHubError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status: number | null = null,
    readonly details: unknown = null,
  ) {
    super(message);
    this.name = "GatherHubError";
  }
}

export type Result<T> = { data: T; error: null } | { data: null; error: GatherHubError };

export const ok = <T>(data: T): Result<T> => ({ data, error: null });
export const fail = <T>(error: GatherHubError): Result<T> => ({ data: null, error });

/** Input a shared zod schema refused: `invalid_input` with one { field, message } per issue. */
export const invalidInput = <T>(message: string, error: z.ZodError): Result<T> =>
  fail(new GatherHubError("invalid_input", message, null, fieldErrors(error)));

// SQLSTATEs PostgREST passes through, mapped to the SDK's codes.
const sqlStateCodes: Record<string, ErrorCode> = {
  "42501": "forbidden",
  "23505": "conflict",
  "23503": "unprocessable",
  "23514": "invalid_input",
  "22P02": "invalid_input",
  "22023": "invalid_input",
  P0002: "not_found",
  // PostgREST answers PTxxx with HTTP status xxx: refusals use them where P0002/55000 would be a 500.
  PT404: "not_found",
  PT409: "conflict",
  PGRST116: "not_found",
  PGRST301: "unauthorized",
  PGRST303: "unauthorized",
};

/** Turns a PostgREST error ({ code, message, details, hint }) into a GatherHubError. */
export function fromPostgrest(
  error: { code?: string; message: string; details?: unknown; hint?: unknown },
  status: number | null = null,
): GatherHubError {
  const code =
    (error.code && sqlStateCodes[error.code]) || (status === 401 ? "unauthorized" : status === 429 ? "rate_limited" : "internal_error");
  return new GatherHubError(code, error.message, status, {
    sqlstate: error.code ?? null,
    details: error.details ?? null,
    hint: error.hint ?? null,
  });
}

/** Reads the functions' { error: { code, message, details } } body. */
export async function fromResponse(response: Response): Promise<GatherHubError> {
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string; details?: unknown } };
    if (body.error?.code)
      return new GatherHubError(body.error.code, body.error.message ?? response.statusText, response.status, body.error.details ?? null);
  } catch {
    // not our JSON shape
  }
  return new GatherHubError(response.status >= 500 ? "unavailable" : "internal_error", `HTTP ${response.status}`, response.status);
}
