import { apiErrorOf, type ErrorCode as ContractErrorCode, fieldErrors } from "@gatherhub/contract";
import type { z } from "zod";
// Errors are values: every SDK call resolves to { data, error } and error.code is a stable string
// the caller can switch on.

export type ErrorCode = ContractErrorCode | (string & {});

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

/**
 * Turns a PostgREST error ({ code, message, details, hint }) into a GatherHubError: refusals and
 * standard SQLSTATEs through the contract's one table (apiErrorOf), anything else by HTTP status.
 */
export function fromPostgrest(
  error: { code?: string; message: string; details?: unknown; hint?: unknown },
  status: number | null = null,
): GatherHubError {
  const known = apiErrorOf(error);
  if (known)
    return new GatherHubError(known.code, known.message, status ?? known.status, { ...known.details, sqlstate: error.code ?? null });
  const code = status === 401 ? "unauthorized" : status === 429 ? "rate_limited" : "internal_error";
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
