// Project paths, config.toml, and the local JWT secret and API keys (as `supabase status` prints).
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SignJWT } from "jose";
import { parse } from "smol-toml";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const supabaseDir = path.join(root, "supabase");
export const functionsDir = path.join(supabaseDir, "functions");
export const binDir = path.join(root, "node_modules", ".bin");
export const stackHome = path.join(root, ".stack");

/** Supabase's well-known local development secret: local stacks only, never a hosted project. */
export const localJwtSecret = "super-secret-jwt-token-with-at-least-32-characters-long";
/** Send Email hook secret of the local stack (Standard Webhooks format); hosted projects set their own. */
export const localSendEmailHookSecret = `v1,whsec_${Buffer.from("gatherhub-local-send-email-hook-secret").toString("base64")}`;
// config.toml reads it through env(); the Supabase CLI refuses the config when it is unset.
process.env.SEND_EMAIL_HOOK_SECRET ??= localSendEmailHookSecret;

/** Signs one-click unsubscribe links (EMAIL_UNSUBSCRIBE_SECRET) on local stacks; hosted projects set their own. */
export const localEmailUnsubscribeSecret = "gatherhub-local-email-unsubscribe-secret-do-not-use-in-production";

/** Password of postgres and the service login roles in the local cluster, as in `supabase start`. */
export const localDbPassword = "postgres";

export interface FunctionConfig {
  name: string;
  verifyJwt: boolean;
}

type Toml = Record<string, unknown>;

export function readConfig(): Toml {
  return parse(readFileSync(path.join(supabaseDir, "config.toml"), "utf8")) as Toml;
}

function section(config: Toml, ...keys: string[]): Toml {
  let node: unknown = config;
  for (const key of keys) node = (node as Toml | undefined)?.[key];
  return (node ?? {}) as Toml;
}

export function functionConfig(config: Toml, name: string): FunctionConfig {
  const fn = section(config, "functions", name);
  return { name, verifyJwt: fn.verify_jwt !== false };
}

export function apiSchemas(config: Toml): string[] {
  const schemas = section(config, "api").schemas;
  return Array.isArray(schemas) ? schemas.map(String) : ["public"];
}

export function authSettings(config: Toml): Toml {
  return section(config, "auth");
}

export function authSection(config: Toml, ...keys: string[]): Toml {
  return section(config, "auth", ...keys);
}

/** Resolves `env(NAME)` values the way the Supabase CLI does; missing variables become "". */
export function envValue(value: unknown): string {
  if (typeof value !== "string") return value === undefined ? "" : String(value);
  const match = /^env\((\w+)\)$/.exec(value.trim());
  return match?.[1] ? (process.env[match[1]] ?? "") : value;
}

export async function signKey(role: "anon" | "service_role", secret = localJwtSecret): Promise<string> {
  // Fixed times keep the printed keys the same on every start, as with `supabase start`.
  return new SignJWT({ role, iss: "supabase-demo" })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(1_700_000_000)
    .setExpirationTime(2_100_000_000)
    .sign(new TextEncoder().encode(secret));
}
