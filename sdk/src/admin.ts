// @gatherhub/sdk/admin: server-only client with the service-role key. It bypasses RLS, so it must
// never reach a browser; sessions are never persisted.

import type { Database } from "@gatherhub/contract";
import { createClient } from "@supabase/supabase-js";

export function createGatherHubAdmin({ url, serviceRoleKey }: { url: string; serviceRoleKey: string }) {
  if (typeof window !== "undefined") {
    throw new Error("createGatherHubAdmin is server-only: the service-role key must never reach a browser.");
  }
  return createClient<Database>(url, serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  });
}
