// Who is calling, verified here and never taken from a decoded claim (a function reached without
// the gateway gets no verify_jwt): a signed-in user whose token PostgREST accepts, or the holder of
// the service-role key itself.
import { HttpError } from "./errors.ts";
import { bearer, claimsOf } from "./supabase.ts";

export interface CallingUser {
  id: string;
  token: string;
  role: string | null;
}

export async function requireUser(req: Request): Promise<CallingUser> {
  const token = bearer(req);
  const claims = claimsOf(token);
  if (claims.role !== "authenticated" || typeof claims.sub !== "string") {
    throw new HttpError(401, "unauthorized", "This call needs a signed-in user's access token, not an API key.");
  }
  const url = `${Deno.env.get("SUPABASE_URL")}/rest/v1/profiles?select=id,role&id=eq.${encodeURIComponent(claims.sub)}`;
  const response = await fetch(url, {
    headers: { apikey: Deno.env.get("SUPABASE_ANON_KEY") ?? "", authorization: `Bearer ${token}` },
  });
  if (response.status === 401 || response.status === 403) {
    // The gateway's words for the same causes (PostgREST says "JWT expired" too).
    const { message } = (await response.json().catch(() => ({}))) as { message?: string };
    if (message === "JWT expired") throw new HttpError(401, "jwt_expired", "JWT expired");
    throw new HttpError(401, "invalid_jwt", "Invalid JWT");
  }
  if (!response.ok) throw new HttpError(503, "unavailable", "Could not verify the caller right now; try again.");
  const rows = (await response.json()) as { id: string; role: string }[];
  if (rows.length === 0) throw new HttpError(401, "unauthorized", "This user has no profile.");
  return { id: claims.sub, token, role: rows[0]?.role ?? null };
}

/** The caller holds the service-role key itself (compared in constant time, nothing decoded). */
export function isServiceRole(req: Request): boolean {
  const expected = Deno.env.get("SUPABASE_SERVICE_ROLE_KEY") ?? "";
  const given = /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization") ?? "")?.[1] ?? "";
  if (!expected || given.length !== expected.length) return false;
  let difference = 0;
  for (let i = 0; i < expected.length; i++) difference |= expected.charCodeAt(i) ^ given.charCodeAt(i);
  return difference === 0;
}
