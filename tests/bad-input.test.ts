// Bad input from outside answers a clear 4xx in the documented shape, never a 5xx: control
// characters in single-line fields, events created in a state only workflows reach, and request
// headers that are not valid UTF-8.
import http from "node:http";
import { afterAll, describe, expect, it } from "vitest";
import { closeDb, createUser, env } from "./helpers/stack.ts";

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
