// The one place that knows how to make users for the local stack, the tests, the bench and the demo.
// Users are made through Supabase Auth (admin API) and sign in through it (password grant), so their
// tokens are the ones Auth issues, claims from the custom access token hook included. Bulk fixtures
// (races with hundreds of users, the bench) write Auth-valid rows in SQL and sign tokens with the
// project's JWT secret through the same hook: Auth's bcrypt would otherwise dominate their set-up.
import { randomBytes, randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import pg from "pg";

export type Role = "seeker" | "facilitator" | "creator" | "admin";

export interface UserTarget {
  /** The gateway (API URL): /auth/v1 and /rest/v1 below it. */
  url: string;
  anonKey: string;
  serviceRoleKey: string;
  /** Bulk users only: the database (as postgres) and the JWT secret. */
  dbUrl?: string;
  jwtSecret?: string;
}

export interface User {
  id: string;
  email: string;
  /** Empty for bulk users, who have no password. */
  password: string;
  /** An access token, as Auth issued it (or, for bulk users, as it would). */
  token: string;
  refreshToken?: string;
}

export interface CreateUserOptions {
  name?: string;
  emailDomain?: string;
  password?: string;
}

/** A password that satisfies config.toml's rules (length, lower, upper, digits). */
export function newPassword(): string {
  return `Gh-${randomBytes(9).toString("base64url")}-a1A`;
}

// Each made-up user signs in from an address of its own (198.18.0.0/15, RFC 2544's benchmark range:
// only ever a header value here), as real users do, so Auth's per-IP limits apply per user.
let nextAddress = randomBytes(2).readUInt16BE(0);
export function clientAddress(): string {
  nextAddress = (nextAddress + 1) % 131072;
  return `198.${18 + (nextAddress >> 16)}.${(nextAddress >> 8) & 255}.${nextAddress & 255}`;
}

/** A fetch that sends every request from `address` (X-Forwarded-For): one client device of its own. */
export function fetchFrom(address = clientAddress()): typeof fetch {
  return (input, init) => {
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    headers.set("x-forwarded-for", address);
    return fetch(input, { ...init, headers });
  };
}

async function authCall<T>(target: UserTarget, path: string, init: RequestInit & { key: string }): Promise<T> {
  const res = await fetch(`${target.url}/auth/v1${path}`, {
    ...init,
    headers: {
      apikey: init.key,
      authorization: `Bearer ${init.key}`,
      "content-type": "application/json",
      ...(init.headers as Record<string, string>),
    },
  });
  const body = (await res.json().catch(() => ({}))) as T & { msg?: string; message?: string; error_code?: string };
  if (!res.ok) throw new Error(`Auth ${path} answered ${res.status}: ${body.msg ?? body.message ?? JSON.stringify(body)}`);
  return body;
}

/** Signs in with email + password through Auth; returns Auth's session. */
export async function signIn(
  target: UserTarget,
  email: string,
  password: string,
  { address = clientAddress() }: { address?: string } = {},
): Promise<{ access_token: string; refresh_token: string; user: { id: string } }> {
  return authCall(target, "/token?grant_type=password", {
    method: "POST",
    key: target.anonKey,
    headers: { "x-forwarded-for": address },
    body: JSON.stringify({ email, password }),
  });
}

/**
 * A confirmed user with a profile of `role`, made through Auth's admin API, signed in with a real
 * password. `admin` is granted afterwards through `set_user_role`, as an admin would: nobody picks it.
 */
export async function createUser(target: UserTarget, role: Role = "seeker", options: CreateUserOptions = {}): Promise<User> {
  const tag = randomUUID().slice(0, 8);
  const email = `${role}-${tag}@${options.emailDomain ?? "test.gatherhub.dev"}`;
  const password = options.password ?? newPassword();
  const created = await authCall<{ id: string }>(target, "/admin/users", {
    method: "POST",
    key: target.serviceRoleKey,
    body: JSON.stringify({
      email,
      password,
      email_confirm: true,
      user_metadata: { role: role === "admin" ? "seeker" : role, display_name: options.name ?? email.split("@")[0] },
    }),
  });
  if (role === "admin") await promote(target, created.id, "admin");
  const session = await signIn(target, email, password);
  return { id: created.id, email, password, token: session.access_token, refreshToken: session.refresh_token };
}

/** Changes a user's role the way an admin does (rpc/set_user_role), here with the service role. */
export async function promote(target: UserTarget, id: string, role: Role): Promise<void> {
  const res = await fetch(`${target.url}/rest/v1/rpc/set_user_role`, {
    method: "POST",
    headers: {
      apikey: target.serviceRoleKey,
      authorization: `Bearer ${target.serviceRoleKey}`,
      "content-type": "application/json",
    },
    body: JSON.stringify({ target: id, new_role: role }),
  });
  if (!res.ok) throw new Error(`set_user_role answered ${res.status}: ${await res.text()}`);
}

function needBulk(target: UserTarget): { dbUrl: string; jwtSecret: string } {
  if (!target.dbUrl || !target.jwtSecret) throw new Error("Bulk users need dbUrl and jwtSecret.");
  return { dbUrl: target.dbUrl, jwtSecret: target.jwtSecret };
}

/** An access token for an existing user with the claims Auth would issue (custom access token hook included). */
export async function signToken(
  target: UserTarget,
  id: string,
  { email, expiresIn = 3600, client }: { email?: string; expiresIn?: number; client?: pg.Client | pg.Pool } = {},
): Promise<string> {
  const { dbUrl, jwtSecret } = needBulk(target);
  const own = client ? undefined : new pg.Client({ connectionString: dbUrl });
  await own?.connect();
  try {
    const base = { sub: id, role: "authenticated", aud: "authenticated", email, session_id: randomUUID(), is_anonymous: false };
    const { rows } = await (client ?? (own as pg.Client)).query<{ claims: Record<string, unknown> }>(
      "select public.custom_access_token_hook(jsonb_build_object('user_id', $1::uuid, 'claims', $2::jsonb)) -> 'claims' as claims",
      [id, JSON.stringify(base)],
    );
    const now = Math.floor(Date.now() / 1000);
    return await new SignJWT({ ...rows[0]?.claims, iss: `${target.url}/auth/v1` })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setIssuedAt(now)
      .setExpirationTime(now + expiresIn)
      .sign(new TextEncoder().encode(jwtSecret));
  } finally {
    await own?.end();
  }
}

/**
 * `count` confirmed users without passwords, written in SQL exactly as Auth writes them (empty
 * strings in its token columns, an email identity), each with an access token. For races and the bench.
 */
export async function createUsersInBulk(
  target: UserTarget,
  count: number,
  role: Exclude<Role, "admin"> = "seeker",
  { emailDomain = "bulk.gatherhub.dev" }: { emailDomain?: string } = {},
): Promise<User[]> {
  const { dbUrl } = needBulk(target);
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; email: string }>(
      `with made as (
         insert into auth.users (id, instance_id, aud, role, email, encrypted_password, email_confirmed_at,
                                 confirmation_token, recovery_token, email_change_token_new, email_change,
                                 raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
         select gen_random_uuid(), '00000000-0000-0000-0000-000000000000', 'authenticated', 'authenticated',
                format('%s-%s@%s', $2::text, substr(md5(random()::text), 1, 12), $3::text), '', now(), '', '', '', '',
                '{"provider": "email", "providers": ["email"]}', jsonb_build_object('role', $2::text), now(), now()
         from generate_series(1, $1::int)
         returning id, email)
       , identities as (
         insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
         select id::text, id, jsonb_build_object('sub', id::text, 'email', email, 'email_verified', true), 'email', now(), now(), now()
         from made)
       select id, email from made`,
      [count, role, emailDomain],
    );
    return await Promise.all(
      rows.map(async (r) => ({ id: r.id, email: r.email, password: "", token: await signToken(target, r.id, { email: r.email, client }) })),
    );
  } finally {
    await client.end();
  }
}
