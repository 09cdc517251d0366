// How vitest suites reach the stack `npm test` booted: URLs and keys from the environment, users
// created the way Supabase Auth would create them, and tokens carrying the hook's claims.
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import pg from "pg";
import WebSocket from "ws";
import { createGatherHub } from "../../sdk/src/index.ts";

function need(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the suites with \`npm test\`, which boots the stack.`);
  return value;
}

export const env = {
  url: need("GATHERHUB_URL"),
  anonKey: need("GATHERHUB_ANON_KEY"),
  serviceRoleKey: need("GATHERHUB_SERVICE_ROLE_KEY"),
  dbUrl: need("GATHERHUB_DB_URL"),
  jwtSecret: need("GATHERHUB_JWT_SECRET"),
  mailUrl: need("GATHERHUB_MAIL_URL"),
  smtpPort: Number(need("GATHERHUB_SMTP_PORT")),
};

const pool = new pg.Pool({ connectionString: env.dbUrl, max: 4 });

/** Runs SQL as the database owner (test setup and assertions on raw state only). */
export async function db<T extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  return (await pool.query<T>(text, values)).rows;
}

export interface TestUser {
  id: string;
  email: string;
  token: string;
}

/** Creates a confirmed user (the on_auth_user_created trigger makes the profile) and a token. */
export async function createUser(role: "seeker" | "facilitator" | "creator" | "admin" = "seeker", name?: string): Promise<TestUser> {
  const id = randomUUID();
  const email = `${role}-${id.slice(0, 8)}@test.gatherhub.dev`;
  await db(
    `insert into auth.users (id, instance_id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
     values ($1, '00000000-0000-0000-0000-000000000000', 'authenticated', 'authenticated', $2, '', now(), '{"provider":"email"}', $3, now(), now())`,
    [id, email, JSON.stringify({ role: role === "admin" ? "seeker" : role, display_name: name ?? email.split("@")[0] })],
  );
  if (role === "admin") await db("update public.profiles set role = 'admin' where id = $1", [id]);
  return { id, email, token: await tokenFor(id, email) };
}

/** A token with the claims Supabase Auth would issue, run through our custom access token hook. */
export async function tokenFor(id: string, email: string, expiresIn = 3600): Promise<string> {
  const base = { sub: id, role: "authenticated", aud: "authenticated", email, session_id: randomUUID(), is_anonymous: false };
  const [row] = await db<{ claims: Record<string, unknown> }>(
    "select public.custom_access_token_hook(jsonb_build_object('user_id', $1::uuid, 'claims', $2::jsonb)) -> 'claims' as claims",
    [id, JSON.stringify(base)],
  );
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ ...row?.claims })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(now)
    .setExpirationTime(now + expiresIn)
    .sign(new TextEncoder().encode(env.jwtSecret));
}

export function sdkFor(user?: TestUser) {
  return createGatherHub({ url: env.url, anonKey: env.anonKey, webSocket: WebSocket, ...(user ? { accessToken: user.token } : {}) });
}

export async function closeDb(): Promise<void> {
  await pool.end();
}
