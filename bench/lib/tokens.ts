// The claims pgbench sets by hand for bench users, as our custom access token hook makes them.
// (Access tokens for the HTTP side come from the user factory, stack/lib/users.ts.)
import type pg from "pg";

/** The request.jwt.claims PostgREST would set for this user (what pgbench sets by hand). */
export async function claimsFor(db: pg.Pool, id: string): Promise<Record<string, unknown>> {
  const base = { sub: id, role: "authenticated", aud: "authenticated", is_anonymous: false };
  const { rows } = await db.query<{ claims: Record<string, unknown> }>(
    "select public.custom_access_token_hook(jsonb_build_object('user_id', $1::uuid, 'claims', $2::jsonb)) -> 'claims' as claims",
    [id, JSON.stringify(base)],
  );
  return rows[0]?.claims ?? base;
}
