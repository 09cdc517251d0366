// How vitest suites reach the stack `npm test` booted: URLs and keys from the environment, and users
// from the one user factory (stack/lib/users.ts): made through Supabase Auth, signed in through it.
import pg from "pg";
import WebSocket from "ws";
import { createGatherHub } from "../../sdk/src/index.ts";
import { createUsersInBulk, createUser as makeUser, type Role, signToken, type User, type UserTarget } from "../../stack/lib/users.ts";

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

export type TestUser = User;

const target: UserTarget = {
  url: env.url,
  anonKey: env.anonKey,
  serviceRoleKey: env.serviceRoleKey,
  dbUrl: env.dbUrl,
  jwtSecret: env.jwtSecret,
};

/** A confirmed user made through Supabase Auth (admin API) and signed in with its password. */
export function createUser(role: Role = "seeker", name?: string): Promise<TestUser> {
  return makeUser(target, role, { name });
}

/** Many users at once for races: Auth-valid rows written in SQL, tokens with the hook's claims. */
export function createUsers(count: number, role: Exclude<Role, "admin"> = "seeker"): Promise<TestUser[]> {
  return createUsersInBulk(target, count, role);
}

/** An access token for an existing user as Auth would issue it; `expiresIn` may be negative. */
export function tokenFor(id: string, email: string, expiresIn = 3600): Promise<string> {
  return signToken(target, id, { email, expiresIn });
}

export function sdkFor(user?: TestUser) {
  return createGatherHub({ url: env.url, anonKey: env.anonKey, webSocket: WebSocket, ...(user ? { accessToken: user.token } : {}) });
}

export async function closeDb(): Promise<void> {
  await pool.end();
}
