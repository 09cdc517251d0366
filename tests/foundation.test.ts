// The foundation through the gateway: PostgREST, API keys, CORS, functions with and without
// verify_jwt, the mail catcher.
import { readdirSync } from "node:fs";
import nodemailer from "nodemailer";
import { afterAll, describe, expect, it } from "vitest";
import { waitForEmails } from "./helpers/mail.ts";
import { closeDb, createUser, db, env, sdkFor } from "./helpers/stack.ts";

afterAll(closeDb);

const latestMigration = readdirSync("supabase/migrations").sort().at(-1)?.split("_")[0];

function expectErrorShape(body: unknown, code: string) {
  expect(body).toMatchObject({ error: { code, message: expect.any(String) } });
  expect(JSON.stringify(body)).not.toMatch(/\bat .+:\d+:\d+/); // no stack frames
}

describe("gateway → PostgREST", () => {
  it("serves PostgREST's OpenAPI document at /rest/v1/ with the anon key", async () => {
    const response = await fetch(`${env.url}/rest/v1/`, { headers: { apikey: env.anonKey } });
    expect(response.status).toBe(200);
    const doc = (await response.json()) as { swagger: string; paths: Record<string, unknown> };
    expect(doc.swagger).toBe("2.0");
    // PostgREST lists what the caller may use: anon sees no profiles, a signed-in user does.
    expect(Object.keys(doc.paths)).not.toContain("/profiles");
    const user = await createUser();
    const asUser = await fetch(`${env.url}/rest/v1/`, { headers: { apikey: env.anonKey, authorization: `Bearer ${user.token}` } });
    expect(Object.keys(((await asUser.json()) as { paths: Record<string, unknown> }).paths)).toContain("/profiles");
  });

  it("refuses a request without an apikey with 401 and the JSON error shape", async () => {
    const response = await fetch(`${env.url}/rest/v1/profiles`);
    expect(response.status).toBe(401);
    expectErrorShape(await response.json(), "missing_api_key");
  });

  it("refuses a wrong apikey, even a well-formed JWT signed with another secret", async () => {
    const forged = `${env.anonKey.split(".").slice(0, 2).join(".")}.c2lnbmF0dXJl`;
    const response = await fetch(`${env.url}/rest/v1/profiles`, { headers: { apikey: forged } });
    expect(response.status).toBe(401);
    expectErrorShape(await response.json(), "invalid_api_key");
  });

  it("accepts the apikey as a query parameter like Supabase's gateway", async () => {
    const response = await fetch(`${env.url}/rest/v1/?apikey=${env.anonKey}`);
    expect(response.status).toBe(200);
  });

  it("answers CORS preflights for the REST API", async () => {
    const response = await fetch(`${env.url}/rest/v1/profiles`, {
      method: "OPTIONS",
      headers: {
        origin: "https://app.example",
        "access-control-request-method": "GET",
        "access-control-request-headers": "apikey, authorization",
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-headers")).toMatch(/apikey/);
  });

  it("passes a user's JWT through so RLS applies: anon reads no profiles, a user reads them", async () => {
    const anon = await fetch(`${env.url}/rest/v1/profiles?select=id`, { headers: { apikey: env.anonKey } });
    expect(anon.status).toBe(401); // anon has no privilege on profiles: PostgREST says 401 for anon
    const user = await createUser("seeker");
    const signedIn = await fetch(`${env.url}/rest/v1/profiles?select=id&id=eq.${user.id}`, {
      headers: { apikey: env.anonKey, authorization: `Bearer ${user.token}` },
    });
    expect(signedIn.status).toBe(200);
    expect(await signedIn.json()).toEqual([{ id: user.id }]);
  });

  it("answers unknown paths with 404 in the error shape", async () => {
    const response = await fetch(`${env.url}/nowhere`);
    expect(response.status).toBe(404);
    expectErrorShape(await response.json(), "not_found");
  });
});

const serviceRoleHeaders = { apikey: env.serviceRoleKey, authorization: `Bearer ${env.serviceRoleKey}` };

describe("gateway → edge functions", () => {
  // Anonymous callers learn up or down only (audit #18, item 9): no version, migration or backlog.
  it("health answers anyone with up or down only", async () => {
    const headerSets: Record<string, string>[] = [
      {},
      { apikey: env.anonKey },
      { apikey: env.anonKey, authorization: `Bearer ${env.anonKey}` },
    ];
    for (const headers of headerSets) {
      const response = await fetch(`${env.url}/functions/v1/health`, { headers });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: "ok" });
    }
  });

  it("health gives the service role the database, the latest migration and the outbox", async () => {
    const response = await fetch(`${env.url}/functions/v1/health`, { headers: serviceRoleHeaders });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: "ok", database: { reachable: true }, migration: latestMigration });
    expect((body.database as { latency_ms: number }).latency_ms).toBeGreaterThanOrEqual(0);
    expect(body.outbox).toEqual({ due: expect.any(Number), dead: expect.any(Number), oldest_due_seconds: expect.any(Number) });
  });

  it("health counts dead emails in the outbox (service role)", async () => {
    const dead = async () =>
      ((await (await fetch(`${env.url}/functions/v1/health`, { headers: serviceRoleHeaders })).json()) as { outbox: { dead: number } })
        .outbox.dead;
    const before = await dead();
    const key = `health-check:${Date.now()}`;
    await db(
      `insert into public.email_outbox (kind, recipient_email, subject_table, subject_id, dedupe_key, status, attempts, last_error)
       values ('event_reminder', 'nobody@test.gatherhub.dev', 'events', gen_random_uuid(), $1, 'dead', 5, 'test')`,
      [key],
    );
    try {
      expect(await dead()).toBe(before + 1);
    } finally {
      await db("delete from public.email_outbox where dedupe_key = $1", [key]);
    }
  });

  it("the SDK reads health as a typed value", async () => {
    const { data, error } = await sdkFor().health();
    expect(error).toBeNull();
    expect(data?.status).toBe("ok");
  });

  it("a verify_jwt function refuses a request without a JWT", async () => {
    const response = await fetch(`${env.url}/functions/v1/me`);
    expect(response.status).toBe(401);
    expectErrorShape(await response.json(), "invalid_jwt");
  });

  it("a verify_jwt function refuses a JWT signed with another secret", async () => {
    const user = await createUser("seeker");
    const [header, payload] = user.token.split(".");
    const response = await fetch(`${env.url}/functions/v1/me`, { headers: { authorization: `Bearer ${header}.${payload}.AAAA` } });
    expect(response.status).toBe(401);
  });

  it("a verify_jwt function accepts a user's JWT and sees the role claim", async () => {
    const user = await createUser("facilitator", "Fran Facilitator");
    const response = await fetch(`${env.url}/functions/v1/me`, { headers: { authorization: `Bearer ${user.token}` } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ role: "facilitator", profile: { id: user.id, display_name: "Fran Facilitator" } });
  });

  it("an unknown function is a 404 in the error shape", async () => {
    const response = await fetch(`${env.url}/functions/v1/does-not-exist`);
    expect(response.status).toBe(404);
    expectErrorShape(await response.json(), "function_not_found");
  });
});

describe("mail catcher", () => {
  it("an email sent to its SMTP port is readable from its API", async () => {
    const to = `inbox-${Date.now()}@test.gatherhub.dev`;
    const transport = nodemailer.createTransport({ host: "127.0.0.1", port: env.smtpPort, secure: false, ignoreTLS: true });
    await transport.sendMail({ from: "GatherHub <hello@gatherhub.dev>", to, subject: "Catcher check", text: "It arrives." });
    const [mail] = await waitForEmails(to);
    expect(mail?.subject).toBe("Catcher check");
    expect(mail?.text?.trim()).toBe("It arrives.");
  });
});
