// Supabase Auth, for real: every identity flow through the gateway with supabase-js (via the SDK),
// emails rendered by our Send Email hook and read back from the mail catcher. SQL only sets up
// state (rewinding a code's send time) and reads ground truth.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { decodeJwt } from "jose";
import { afterAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createGatherHub } from "../sdk/src/index.ts";
import { authBinary, authEnv, authHome } from "../stack/lib/auth.ts";
import { freePort, waitFor } from "../stack/lib/proc.ts";
import { clientAddress, fetchFrom, newPassword, promote } from "../stack/lib/users.ts";
import { control, eventually } from "./helpers/control.ts";
import { type CaughtEmail, emailsTo, waitForEmails } from "./helpers/mail.ts";
import { closeDb, createUser, db, env } from "./helpers/stack.ts";

afterAll(closeDb);

const address = (label: string) => `${label}-${randomUUID().slice(0, 8)}@test.gatherhub.dev`;

/** A client app on a device of its own: the SDK, with its own client address for Auth's per-IP limits. */
function device() {
  return createGatherHub({ url: env.url, anonKey: env.anonKey, fetch: fetchFrom(), webSocket: WebSocket });
}

/** The verify link of an account email (the text part), checked to point at this project's Auth. */
function verifyLink(mail: CaughtEmail | undefined): URL {
  const link = /http:\/\/127\.0\.0\.1:\d+\/auth\/v1\/verify\?[^\s"<>]+/.exec(mail?.text ?? "")?.[0];
  expect(link, "the email carries a verify link").toBeTruthy();
  const url = new URL(link as string);
  expect(url.origin).toBe(env.url);
  return url;
}

const codeOf = (mail: CaughtEmail | undefined) => /\b(\d{6})\b/.exec(mail?.text ?? "")?.[1];

async function authFetch(path: string, init: RequestInit & { from?: string; token?: string } = {}) {
  return fetch(`${env.url}/auth/v1${path}`, {
    ...init,
    redirect: "manual",
    headers: {
      apikey: env.anonKey,
      "content-type": "application/json",
      "x-forwarded-for": init.from ?? clientAddress(),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
  });
}

describe("sign-up with email confirmation", () => {
  it("facilitator: our confirmation email, no sign-in before confirming, user_role in Auth's token, REST and functions accept it", async () => {
    const hub = device();
    const email = address("signup");
    const password = newPassword();
    const signUp = await hub.auth.signUp({ email, password, role: "facilitator", displayName: "Fay Facilitator" });
    expect(signUp.error).toBeNull();
    expect(signUp.data?.confirmationSent).toBe(true);

    const [mail] = await waitForEmails(email);
    expect(mail?.subject).toBe("Confirm your GatherHub account");
    expect(mail?.html).toContain("Confirm my email");
    expect(codeOf(mail)).toMatch(/^\d{6}$/);

    const early = await hub.auth.signInWithPassword(email, password);
    expect(early.error?.code).toBe("invalid_input");
    expect(early.error?.details).toMatchObject({ auth_code: "email_not_confirmed" });

    const link = verifyLink(mail);
    expect(link.searchParams.get("type")).toBe("signup");
    const confirmed = await fetch(link, { redirect: "manual" });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get("location")).toMatch(/^http:\/\/127\.0\.0\.1:3000.*#access_token=/);

    const session = await hub.auth.signInWithPassword(email, password);
    expect(session.error).toBeNull();
    const claims = decodeJwt(session.data?.accessToken ?? "");
    expect(claims).toMatchObject({ user_role: "facilitator", role: "authenticated", iss: `${env.url}/auth/v1`, email });

    // REST (RLS with the role from the profile) and an edge function accept Auth's token.
    const created = await hub.supabase.from("events").insert({ title: "Fay's first meetup" }).select("id, organizer_id").single();
    expect(created.error).toBeNull();
    expect(created.data?.organizer_id).toBe(session.data?.userId);
    const me = await fetch(`${env.url}/functions/v1/me`, {
      headers: { apikey: env.anonKey, authorization: `Bearer ${session.data?.accessToken}` },
    });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ role: "facilitator", profile: { display_name: "Fay Facilitator" } });
  });

  it("admin or an unknown role at sign-up makes a seeker", async () => {
    for (const role of ["admin", "wizard"]) {
      const email = address(`role-${role}`);
      // Straight through supabase-js: the SDK itself refuses admin before any request.
      const { data, error } = await device().supabase.auth.signUp({ email, password: newPassword(), options: { data: { role } } });
      expect(error).toBeNull();
      const [profile] = await db<{ role: string }>("select role::text from public.profiles where id = $1", [data.user?.id]);
      expect(profile?.role).toBe("seeker");
    }
  });
});

describe("email OTP", () => {
  it("the 6-digit code from our email signs in once; wrong, replayed and expired codes fail", async () => {
    const user = await createUser("seeker");
    const hub = device();
    expect((await hub.auth.requestOtp(user.email)).error).toBeNull();
    const [mail] = await waitForEmails(user.email);
    expect(mail?.subject).toBe("Your GatherHub sign-in code");
    expect(mail?.text).toContain("5 minutes");
    const code = codeOf(mail) as string;
    expect(code).toMatch(/^\d{6}$/);

    const wrong = code === "000000" ? "111111" : "000000";
    expect((await hub.auth.verifyOtp(user.email, wrong)).error?.details).toMatchObject({ auth_code: "otp_expired" });
    const signedIn = await hub.auth.verifyOtp(user.email, code);
    expect(signedIn.error).toBeNull();
    expect(decodeJwt(signedIn.data?.accessToken ?? "")).toMatchObject({ sub: user.id, user_role: "seeker" });
    expect((await hub.auth.verifyOtp(user.email, code)).error?.details).toMatchObject({ auth_code: "otp_expired" });

    // A fresh code whose 5 minutes (config.toml otp_expiry = 300) have passed.
    await new Promise((r) => setTimeout(r, 1100)); // [auth.email] max_frequency = 1s between emails
    expect((await hub.auth.requestOtp(user.email)).error).toBeNull();
    const mails = await waitForEmails(user.email, 2);
    const fresh = codeOf(mails.find((m) => m.id !== mail?.id));
    await db(
      "update auth.users set recovery_sent_at = now() - interval '301 seconds', confirmation_sent_at = now() - interval '301 seconds' where id = $1",
      [user.id],
    );
    expect((await hub.auth.verifyOtp(user.email, fresh as string)).error?.details).toMatchObject({ auth_code: "otp_expired" });
  });

  it("repeated wrong codes from one client are refused with 429 after Auth's verification limit", async () => {
    const user = await createUser("seeker");
    const from = clientAddress();
    expect((await authFetch("/otp", { method: "POST", from, body: JSON.stringify({ email: user.email }) })).status).toBe(200);
    const [mail] = await waitForEmails(user.email);
    const code = codeOf(mail) as string;
    const wrong = code === "000000" ? "111111" : "000000";
    const statuses: number[] = [];
    // [auth.rate_limit] token_verifications = 30 per 5 minutes per client address (a burst of 30).
    for (let i = 0; i < 31; i++) {
      const res = await authFetch("/verify", {
        method: "POST",
        from,
        body: JSON.stringify({ type: "email", email: user.email, token: wrong }),
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 30).every((s) => s === 403)).toBe(true);
    expect(statuses[30]).toBe(429);
    // Refused even with the right code from that client, while the code stays valid elsewhere.
    const right = await authFetch("/verify", {
      method: "POST",
      from,
      body: JSON.stringify({ type: "email", email: user.email, token: code }),
    });
    expect(right.status).toBe(429);
    expect(await right.json()).toMatchObject({ error_code: "over_request_rate_limit" });
  });
});

describe("roles", () => {
  it("a demoted facilitator loses the role's powers on the next request with the same token", async () => {
    const facilitator = await createUser("facilitator");
    const insert = () =>
      fetch(`${env.url}/rest/v1/events`, {
        method: "POST",
        headers: {
          apikey: env.anonKey,
          authorization: `Bearer ${facilitator.token}`,
          "content-type": "application/json",
          prefer: "return=minimal",
        },
        body: JSON.stringify({ title: `Meetup ${randomUUID().slice(0, 6)}` }),
      });
    expect((await insert()).status).toBe(201);
    await promote({ url: env.url, anonKey: env.anonKey, serviceRoleKey: env.serviceRoleKey }, facilitator.id, "seeker");
    expect(decodeJwt(facilitator.token).user_role).toBe("facilitator");
    expect((await insert()).status).toBe(403);
  });
});

describe("OAuth", () => {
  it("GitHub: the SDK's URL, followed to Auth, redirects to GitHub with our client id and callback", async () => {
    const { data } = await device().auth.oauthUrl("github", "http://127.0.0.1:3000/auth/callback");
    const res = await fetch(data as string, { redirect: "manual" });
    expect(res.status).toBe(302);
    const github = new URL(res.headers.get("location") ?? "");
    expect(`${github.origin}${github.pathname}`).toBe("https://github.com/login/oauth/authorize");
    expect(github.searchParams.get("client_id")).toBe(process.env.GITHUB_CLIENT_ID);
    expect(github.searchParams.get("redirect_uri")).toBe(`${env.url}/auth/v1/callback`);
    expect(github.searchParams.get("state")).toBeTruthy();
  });

  it("Google: enabled in Auth's settings; its authorize step needs Google's discovery document (online only)", async () => {
    const res = await authFetch("/settings");
    expect(res.status).toBe(200);
    expect(((await res.json()) as { external: Record<string, boolean> }).external).toMatchObject({
      google: true,
      github: true,
      email: true,
    });
  });
});

describe("sessions", () => {
  it("refresh tokens rotate; reusing an old one after the reuse interval revokes the whole session", async () => {
    const user = await createUser("seeker");
    const refresh = (token: string) =>
      authFetch("/token?grant_type=refresh_token", { method: "POST", body: JSON.stringify({ refresh_token: token }) });
    const first = user.refreshToken as string;
    const r1 = await refresh(first);
    expect(r1.status).toBe(200);
    const second = ((await r1.json()) as { refresh_token: string }).refresh_token;
    expect(second).not.toBe(first);
    const r2 = await refresh(second);
    expect(r2.status).toBe(200);
    const third = ((await r2.json()) as { refresh_token: string }).refresh_token;

    // config.toml refresh_token_reuse_interval = 10 s: move the rotation 60 s into the past.
    await db("update auth.refresh_tokens set updated_at = now() - interval '60 seconds' where user_id = $1", [user.id]);
    await db("update auth.sessions set refreshed_at = now() - interval '60 seconds' where user_id = $1", [user.id]);
    const reused = await refresh(first);
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({ error_code: "refresh_token_already_used" });
    // The whole family is revoked at once (Auth still honours a revoked token within the reuse
    // interval of its revocation, for clients that lost a response: past it, nothing works).
    const [live] = await db<{ n: number }>("select count(*)::int as n from auth.refresh_tokens where user_id = $1 and not revoked", [
      user.id,
    ]);
    expect(live?.n).toBe(0);
    await db("update auth.refresh_tokens set updated_at = now() - interval '60 seconds' where user_id = $1", [user.id]);
    expect((await refresh(third)).status).toBe(400);
  });

  it("sign-out revokes the session: its refresh token and access token stop working", async () => {
    const user = await createUser("seeker");
    const out = await authFetch("/logout?scope=global", { method: "POST", token: user.token });
    expect(out.status).toBe(204);
    const refreshed = await authFetch("/token?grant_type=refresh_token", {
      method: "POST",
      body: JSON.stringify({ refresh_token: user.refreshToken }),
    });
    expect(refreshed.status).toBe(400);
    const me = await authFetch("/user", { token: user.token });
    expect(me.status).toBe(403);
    expect(await me.json()).toMatchObject({ error_code: "session_not_found" });
  });

  it("an unreachable Auth service is a typed 'unavailable' error, not an exception", async () => {
    await control("auth", "stop");
    try {
      const { data, error } = await device().auth.requestOtp("someone@example.com");
      expect(data).toBeNull();
      expect(error?.code).toBe("unavailable");
      expect(error?.status).toBe(503);
    } finally {
      await control("auth", "start");
      await eventually("Auth", async () => (await authFetch("/health")).status === 200);
    }
  });
});

describe("account emails", () => {
  it("password recovery sends our reset email to the account's address with a recovery link", async () => {
    const user = await createUser("seeker");
    const { error } = await device().supabase.auth.resetPasswordForEmail(user.email, { redirectTo: "http://127.0.0.1:3000/auth/callback" });
    expect(error).toBeNull();
    const [mail] = await waitForEmails(user.email);
    expect(mail?.subject).toBe("Reset your GatherHub password");
    const link = verifyLink(mail);
    expect(link.searchParams.get("type")).toBe("recovery");
    const followed = await fetch(link, { redirect: "manual" });
    expect(followed.status).toBe(303);
    expect(followed.headers.get("location")).toMatch(/^http:\/\/127\.0\.0\.1:3000\/auth\/callback#access_token=/);
  });

  it("secure email change: each mailbox gets its own link, and the change needs both", async () => {
    const user = await createUser("seeker");
    const hub = createGatherHub({ url: env.url, anonKey: env.anonKey, webSocket: WebSocket });
    await hub.supabase.auth.setSession({ access_token: user.token, refresh_token: user.refreshToken as string });
    const newEmail = address("moved");
    const { error } = await hub.supabase.auth.updateUser({ email: newEmail });
    expect(error).toBeNull();
    const [toCurrent] = await waitForEmails(user.email);
    const [toNew] = await waitForEmails(newEmail);
    expect(toCurrent?.subject).toBe("Confirm your new GatherHub email address");
    expect(toNew?.subject).toBe("Confirm your new GatherHub email address");
    const currentLink = verifyLink(toCurrent);
    const newLink = verifyLink(toNew);
    expect(currentLink.searchParams.get("type")).toBe("email_change");
    expect(newLink.searchParams.get("token")).not.toBe(currentLink.searchParams.get("token"));

    // The new mailbox alone (a hijacked session's attacker) cannot complete the change: neither its
    // link nor its code confirms the current address's arm.
    expect((await fetch(newLink, { redirect: "manual" })).status).toBe(303);
    const newCode = codeOf(toNew);
    if (newCode) {
      await authFetch("/verify", { method: "POST", body: JSON.stringify({ type: "email_change", email: newEmail, token: newCode }) });
    }
    const [halfway] = await db<{ email: string }>("select email from auth.users where id = $1", [user.id]);
    expect(halfway?.email).toBe(user.email);

    expect((await fetch(currentLink, { redirect: "manual" })).status).toBe(303);
    const [done] = await db<{ email: string }>("select email from auth.users where id = $1", [user.id]);
    expect(done?.email).toBe(newEmail);
  });

  it("Auth configured with the wrong Send Email hook secret fails closed: sign-up refused, nothing sent", async () => {
    const port = await freePort();
    const dbUrl = new URL(env.dbUrl);
    dbUrl.username = "supabase_auth_admin";
    const wrong = `v1,whsec_${Buffer.from("not-the-project-hook-secret").toString("base64")}`;
    const child = spawn(authBinary, ["serve"], {
      cwd: authHome,
      stdio: "ignore",
      env: {
        PATH: process.env.PATH ?? "",
        ...authEnv({ apiUrl: env.url, port, dbUrl: dbUrl.toString(), jwtSecret: env.jwtSecret, smtpPort: env.smtpPort }),
        GOTRUE_HOOK_SEND_EMAIL_SECRETS: wrong,
      },
    });
    try {
      await waitFor("second Auth", async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok, { timeoutMs: 20_000 });
      const email = address("wronghook");
      const res = await fetch(`http://127.0.0.1:${port}/signup`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": clientAddress() },
        body: JSON.stringify({ email, password: newPassword() }),
      });
      expect(res.status).toBeGreaterThanOrEqual(400);
      await new Promise((r) => setTimeout(r, 1000));
      expect(await emailsTo(email)).toEqual([]);
      const [made] = await db<{ n: number }>("select count(*)::int as n from auth.users where email = $1", [email]);
      expect(made?.n).toBe(0);
    } finally {
      child.kill("SIGTERM");
    }
  });
});
