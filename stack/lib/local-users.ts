// Local stacks only: users made the way Supabase Auth makes them (a row in auth.users, whose
// on_auth_user_created trigger adds the profile) and access tokens carrying the claims of the real
// custom access token hook, signed with the local JWT secret. Auth itself is not part of this stack.
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import pg from "pg";

export type LocalRole = "seeker" | "facilitator" | "creator" | "admin";

export interface LocalUser {
  id: string;
  email: string;
  token: string;
}

/** Creates a confirmed user with a profile of `role`, and a one-hour access token for it. */
export async function createLocalUser(
  dbUrl: string,
  jwtSecret: string,
  role: LocalRole,
  { name, emailDomain = "test.gatherhub.dev" }: { name?: string; emailDomain?: string } = {},
): Promise<LocalUser> {
  const id = randomUUID();
  const email = `${role}-${id.slice(0, 8)}@${emailDomain}`;
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    await client.query(
      `insert into auth.users (id, instance_id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
       values ($1, '00000000-0000-0000-0000-000000000000', 'authenticated', 'authenticated', $2, '', now(), '{"provider":"email"}', $3, now(), now())`,
      [id, email, JSON.stringify({ role: role === "admin" ? "seeker" : role, display_name: name ?? email.split("@")[0] })],
    );
    // Nobody picks admin at sign-up: it is granted afterwards, as an admin would.
    if (role === "admin") await client.query("update public.profiles set role = 'admin' where id = $1", [id]);
    const base = { sub: id, role: "authenticated", aud: "authenticated", email, session_id: randomUUID(), is_anonymous: false };
    const { rows } = await client.query<{ claims: Record<string, unknown> }>(
      "select public.custom_access_token_hook(jsonb_build_object('user_id', $1::uuid, 'claims', $2::jsonb)) -> 'claims' as claims",
      [id, JSON.stringify(base)],
    );
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ ...rows[0]?.claims })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(new TextEncoder().encode(jwtSecret));
    return { id, email, token };
  } finally {
    await client.end();
  }
}
