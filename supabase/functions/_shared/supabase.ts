// Supabase clients for functions. userClient forwards the caller's JWT so RLS applies to every
// query; adminClient (service role) is for work that must act beyond the caller and says why.
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { HttpError } from "./errors.ts";

const url = () => Deno.env.get("SUPABASE_URL") ?? "";

export function bearer(req: Request): string {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization") ?? "");
  if (!match?.[1]) throw new HttpError(401, "invalid_jwt", "Missing authorization header");
  return match[1];
}

export function userClient(req: Request): SupabaseClient {
  const token = bearer(req);
  return createClient(url(), Deno.env.get("SUPABASE_ANON_KEY") ?? "", {
    global: { headers: { Authorization: `Bearer ${token}` } },
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  });
}

/** No user: reads what anyone may read (RLS as anon). */
export function anonClient(): SupabaseClient {
  return createClient(url(), Deno.env.get("SUPABASE_ANON_KEY") ?? "", {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  });
}

export function adminClient(): SupabaseClient {
  return createClient(url(), Deno.env.get("SUPABASE_SERVICE_ROLE_KEY") ?? "", {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  });
}

/** Decodes (does not verify: the gateway did) the JWT payload to read claims such as sub. */
export function claimsOf(token: string): Record<string, unknown> {
  const part = token.split(".")[1] ?? "";
  try {
    const base64 = part
      .replace(/-/g, "+")
      .replace(/_/g, "/")
      .padEnd(Math.ceil(part.length / 4) * 4, "=");
    return JSON.parse(atob(base64)) as Record<string, unknown>;
  } catch {
    throw new HttpError(401, "invalid_jwt", "Invalid JWT");
  }
}
