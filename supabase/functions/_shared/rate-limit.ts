// Write limits for functions that write on a user's behalf: the same admin-tunable
// public.rate_limits rows and per-user counters as REST writes. Counted before the write, in its own
// committed transaction, so refused writes count too; over the limit → 429 with Retry-After.
import { db } from "./db.ts";
import { HttpError } from "./errors.ts";

interface Verdict {
  limited: boolean;
  retry_after?: number;
  message?: string;
  details?: Record<string, unknown>;
}

/** Counts `weight` writes for the user; throws 429 rate_limited when over the limit. */
export async function limitWrites(userId: string, userRole: string | null, weight = 1): Promise<void> {
  const [row] = await db()<{ verdict: Verdict }[]>`
    select private.consume_rate_limit(${`user:${userId}`}, ${userRole}, ${weight}) as verdict`;
  const verdict = row?.verdict;
  if (verdict?.limited) {
    throw new HttpError(429, "rate_limited", verdict.message ?? "Too many write requests.", verdict.details ?? null, {
      "retry-after": String(verdict.retry_after ?? 60),
    });
  }
}
