// Types every SDK namespace shares: generated table aliases, the client options and the context a
// namespace is built on. (index.ts only wires namespaces together.)

import type { Database } from "@gatherhub/contract";
import type { SupabaseClient } from "@supabase/supabase-js";
import type { Result } from "./errors.ts";

export type { Database } from "@gatherhub/contract";

type PublicSchema = Database["public"];
export type Tables<T extends keyof PublicSchema["Tables"]> = PublicSchema["Tables"][T]["Row"];
export type TablesInsert<T extends keyof PublicSchema["Tables"]> = PublicSchema["Tables"][T]["Insert"];
export type TablesUpdate<T extends keyof PublicSchema["Tables"]> = PublicSchema["Tables"][T]["Update"];
export type Enums<T extends keyof PublicSchema["Enums"]> = PublicSchema["Enums"][T];
export type UserRole = Enums<"user_role">;
export type Profile = Tables<"profiles">;

export interface GatherHubOptions {
  /** The project URL, e.g. http://127.0.0.1:54321 or https://<ref>.supabase.co */
  url: string;
  /** The anon (publishable) key. Never pass the service-role key here: use @gatherhub/sdk/admin on a server. */
  anonKey: string;
  /** A user access token (or a function returning the current one) for apps that manage sessions themselves. */
  accessToken?: string | (() => Promise<string | null>);
  fetch?: typeof fetch;
  /** WebSocket implementation for realtime where the runtime has none (Node.js 20: pass `ws`). */
  webSocket?: unknown;
}

export type GatherHubClient = SupabaseClient<Database>;

export interface Context {
  supabase: GatherHubClient;
  url: string;
  anonKey: string;
  /** Calls an edge function and maps its JSON error shape to GatherHubError. */
  invoke<T>(name: string, init?: { method?: string; body?: unknown; path?: string }): Promise<Result<T>>;
  currentToken(): Promise<string | null>;
  /** The signed-in user's id (the token's sub), or null. */
  currentUserId(): Promise<string | null>;
}
