// Bad input from outside answers a clear 4xx in the documented shape, never a 5xx: control
// characters in single-line fields, events created in a state only workflows reach, and request
// headers that are not valid UTF-8.
import { readFileSync } from "node:fs";
import http from "node:http";
import { afterAll, describe, expect, it } from "vitest";
import { failureSummary, schemathesisSeed } from "../stack/lib/schemathesis.ts";
import { refusals } from "../supabase/functions/_shared/contract/refusals.generated.ts";
import { closeDb, createUser, env, tokenFor } from "./helpers/stack.ts";

afterAll(closeDb);

function postEvent(token: string, body: Record<string, unknown>): Promise<Response> {
  return fetch(`${env.url}/rest/v1/events`, {
    method: "POST",
    headers: { apikey: env.anonKey, authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

describe("single-line fields and event creation through REST", () => {
  it("refuses a title with CR LF (calendar line injection) with a 400 naming the rule", async () => {
    const fac = await createUser("facilitator");
    const response = await postEvent(fac.token, { title: "Yoga\r\nBEGIN:VALARM\r\nTRIGGER:-PT5M" });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { code: string; message: string };
    expect(body.code).toBe("23514");
    expect(body.message).toMatch(/events_title_single_line/);
  });

  it("refuses an event created as locked, accepts published", async () => {
    const fac = await createUser("facilitator");
    const starts_at = "2031-05-01T10:00:00Z";
    const locked = await postEvent(fac.token, { title: "Locked at birth", starts_at, status: "locked" });
    expect(locked.status).toBe(400);
    expect(((await locked.json()) as { message: string }).message).toBe("a new event is draft or published, not locked");
    expect((await postEvent(fac.token, { title: "Published at birth", starts_at, status: "published" })).status).toBe(201);
  });
});

/** Sends one request with raw header bytes (fetch refuses them), through the gateway. */
function rawRequest(path: string, headers: Record<string, string>): Promise<{ status: number; type: string; body: string }> {
  const url = new URL(`${env.url}${path}`);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => {
        body += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"] ?? ""), body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("request headers that are not UTF-8 (schemathesis, seed-dependent before)", () => {
  // Node writes header strings as latin1: "\u00b1" goes out as the single byte 0xb1.
  for (const header of ["range", "prefer", "accept-profile"]) {
    it(`answers 400 bad_request to a non-UTF-8 ${header} header, before PostgREST`, async () => {
      const response = await rawRequest("/rest/v1/events?select=id&limit=1", { apikey: env.anonKey, [header]: "\u00b1" });
      expect(response.status).toBe(400);
      expect(response.type).toMatch(/application\/json/);
      expect(JSON.parse(response.body)).toEqual({
        error: { code: "bad_request", message: `The ${header} header is not valid UTF-8.`, details: { header } },
      });
    });
  }

  it("guards functions too, and lets valid UTF-8 and ASCII through", async () => {
    const fn = await rawRequest("/functions/v1/health", { "x-client-info": "caf\u00e9" });
    expect(fn.status).toBe(400);
    const ok = await rawRequest("/rest/v1/events?select=id&limit=1", {
      apikey: env.anonKey,
      "x-client-info": Buffer.from("café").toString("latin1"),
    });
    expect(ok.status).toBe(200);
  });
});

describe("one error vocabulary across functions and the gateway", () => {
  const post = (path: string, token: string, body: string) =>
    fetch(`${env.url}/functions/v1/${path}`, {
      method: "POST",
      headers: { apikey: env.anonKey, authorization: `Bearer ${token}`, "content-type": "application/json" },
      body,
    });

  it("malformed JSON is 400 bad_request in every function that reads a body", async () => {
    const user = await createUser("seeker");
    for (const path of ["enrollments", "payments", "payments/cancel"]) {
      const response = await post(path, user.token, "{not json");
      expect(response.status, path).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code, path).toBe("bad_request");
    }
  });

  it("an expired token says JWT expired at the functions (gateway) and at REST; a missing one says so", async () => {
    const user = await createUser("seeker");
    const expired = await tokenFor(user.id, user.email, -60);
    const fn = await fetch(`${env.url}/functions/v1/me`, { headers: { authorization: `Bearer ${expired}` } });
    expect(fn.status).toBe(401);
    expect(await fn.json()).toEqual({ error: { code: "jwt_expired", message: "JWT expired", details: null } });
    const rest = await fetch(`${env.url}/rest/v1/events?select=id&limit=1`, {
      headers: { apikey: env.anonKey, authorization: `Bearer ${expired}` },
    });
    expect(rest.status).toBe(401);
    expect(((await rest.json()) as { message: string }).message).toBe("JWT expired");
    const missing = await fetch(`${env.url}/functions/v1/me`);
    expect(await missing.json()).toEqual({ error: { code: "invalid_jwt", message: "Missing authorization header", details: null } });
  });

  it("the README lists every code the functions and the gateway answer with, and its status", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    // The contract's ErrorCode union and every code of the refusal table.
    const contract = readFileSync(new URL("../supabase/functions/_shared/contract/refusals.ts", import.meta.url), "utf8");
    const union = /export type ErrorCode =([^;]+);/.exec(contract)?.[1] ?? "";
    const codes = [...union.matchAll(/"([a-z_]+)"/g)].map((m) => m[1]);
    codes.push(...Object.values(refusals).map((r) => r.code));
    const gateway = readFileSync(new URL("../stack/lib/gateway.ts", import.meta.url), "utf8");
    codes.push(...[...gateway.matchAll(/sendError\(\s*\w+,\s*\d+,\s*"([a-z_]+)"/g)].map((m) => m[1]), "jwt_expired", "invalid_jwt");
    expect(codes.length).toBeGreaterThan(10);
    for (const code of new Set(codes)) expect(readme, code).toMatch(new RegExp(`\\| \`${code}\` +\\| \\d{3}`));
  });
});

describe("a failing schemathesis run keeps its failing request and seed in the printed summary", () => {
  it("ends the suite output with the failures section and the replay seed (the runner prints the last 80 lines)", () => {
    const noise = Array.from({ length: 300 }, (_, i) => `progress line ${i}`);
    const output = [
      ...noise,
      "=================================== FAILURES ===================================",
      "_________________________________ GET /events _________________________________",
      "1. Test Case ID: abc123",
      "- Server error",
      "[500] Internal Server Error:",
      "Reproduce with:",
      "    curl -X GET -H 'Range: \\xb1' http://127.0.0.1/rest/v1/events",
      "=================================== SUMMARY ====================================",
      ...noise,
    ].join("\n");
    const tail = `${output}\n${failureSummary(output, schemathesisSeed)}`.trim().split("\n").slice(-80).join("\n");
    expect(tail).toContain("curl -X GET -H 'Range: \\xb1'");
    expect(tail).toContain("[500] Internal Server Error:");
    expect(tail.split("\n").at(-1)).toBe(
      `schemathesis seed ${schemathesisSeed}: replay with GATHERHUB_FUZZ_SEED=${schemathesisSeed} npm test -- --only=schemathesis`,
    );
    expect(schemathesisSeed).toMatch(/^\d+$/);
  });
});
