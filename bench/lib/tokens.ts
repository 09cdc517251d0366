// Access tokens for bench users, shaped the way Supabase Auth issues them: the claims go through
// our custom access token hook (the profile decides user_role) and are signed with the JWT secret.
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import type pg from "pg";

export async function tokenFor(db: pg.Pool, jwtSecret: string, id: string, expiresIn = 3600): Promise<string> {
  const base = { sub: id, role: "authenticated", aud: "authenticated", session_id: randomUUID(), is_anonymous: false };
  const { rows } = await db.query<{ claims: Record<string, unknown> }>(
    "select public.custom_access_token_hook(jsonb_build_object('user_id', $1::uuid, 'claims', $2::jsonb)) -> 'claims' as claims",
    [id, JSON.stringify(base)],
  );
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ ...rows[0]?.claims })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(now)
    .setExpirationTime(now + expiresIn)
    .sign(new TextEncoder().encode(jwtSecret));
}

/** The request.jwt.claims PostgREST would set for this user (what pgbench sets by hand). */
export async function claimsFor(db: pg.Pool, id: string): Promise<Record<string, unknown>> {
  const base = { sub: id, role: "authenticated", aud: "authenticated", is_anonymous: false };
  const { rows } = await db.query<{ claims: Record<string, unknown> }>(
    "select public.custom_access_token_hook(jsonb_build_object('user_id', $1::uuid, 'claims', $2::jsonb)) -> 'claims' as claims",
    [id, JSON.stringify(base)],
  );
  return rows[0]?.claims ?? base;
}
