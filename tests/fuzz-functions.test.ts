// Fuzzing every edge function's input through the gateway: random, oversized, unicode, null,
// wrong-type and SQL-like input never gets a 5xx or a stack trace, and every refusal has the
// documented { error: { code, message, details } } shape. The webhook refuses anything unsigned with 400.
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answer, expectFunctionError, fuzzOptions, nastyBody, nastyString, nastyValue } from "./helpers/fuzz.ts";
import { closeDb, createUser, env, type TestUser } from "./helpers/stack.ts";
import { stripeEnv } from "./helpers/stripe.ts";

let user: TestUser;
beforeAll(async () => {
  user = await createUser("seeker");
});
afterAll(closeDb);

const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const method = fc.constantFrom(...methods);

/** A path segment from any string (lone surrogates included), kept to URL-like lengths. */
function segment(value: string): string {
  const short = value.slice(0, 1500);
  try {
    return encodeURIComponent(short);
  } catch {
    return encodeURIComponent(short.replace(/[\uD800-\uDFFF]/g, "\uFFFD"));
  }
}
/** Header values must be visible ASCII; the rest of a hostile string survives as '?'. */
const headerSafe = (value: string) => value.replace(/[^\x20-\x7e]/g, "?").slice(0, 4000);

interface Sent {
  method: string;
  path: string;
  body?: string;
  headers?: Record<string, string>;
}

async function call(fn: string, sent: Sent) {
  const withBody = sent.method !== "GET" && sent.method !== "HEAD" && sent.body !== undefined;
  const response = await fetch(`${env.url}/functions/v1/${fn}${sent.path}`, {
    method: sent.method,
    headers: { "content-type": "application/json", ...sent.headers },
    ...(withBody ? { body: sent.body } : {}),
  });
  return answer(response);
}

const asUser = () => ({ apikey: env.anonKey, authorization: `Bearer ${user.token}` });

describe("fuzzing edge functions", () => {
  it("health answers any method, path and body without a 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(method, nastyString, nastyBody([]), async (m, junk, body) => {
        const sent = { method: m, path: `/${segment(junk)}`, body };
        const a = await call("health", sent);
        expectFunctionError(a, JSON.stringify(sent));
        expect(a.status).toBe(m === "GET" ? 200 : 405);
      }),
      fuzzOptions(),
    );
  });

  it("me refuses every token that is not a user's with 401 and answers users with their profile", async () => {
    const token = fc.oneof(nastyString.map(headerSafe), fc.constant(env.anonKey), fc.constant(env.serviceRoleKey), fc.constant(""));
    await fc.assert(
      fc.asyncProperty(method, token, fc.boolean(), async (m, t, bearer) => {
        const sent = { method: m, path: "", headers: { apikey: env.anonKey, authorization: bearer ? `Bearer ${t}` : t } };
        const a = await call("me", sent);
        expectFunctionError(a, JSON.stringify(sent));
        expect([401, 405]).toContain(a.status);
      }),
      fuzzOptions(),
    );
    await fc.assert(
      fc.asyncProperty(method, nastyString, async (m, junk) => {
        const sent = { method: m, path: `/${segment(junk)}`, headers: asUser() };
        const a = await call("me", sent);
        expectFunctionError(a, JSON.stringify(sent));
        expect(a.status).toBe(m === "GET" ? 200 : 405);
      }),
      fuzzOptions(),
    );
  });

  it("enrollments validates bodies and path ids: 400/404/405/413, never a 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(nastyBody(["event_id"]), async (body) => {
        const sent = { method: "POST", path: "", body, headers: asUser() };
        const a = await call("enrollments", sent);
        expectFunctionError(a, JSON.stringify(sent));
        expect([400, 404, 413]).toContain(a.status);
      }),
      fuzzOptions([
        ["x".repeat(70_000)],
        ['{"event_id":"\\u0000"}'],
        ['{"event_id":null}'],
        ['{"event_id":["00000000-0000-4000-8000-000000000000"]}'],
      ]),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("DELETE", "PUT", "PATCH", "GET"), nastyString, async (m, id) => {
        const sent = { method: m, path: `/${segment(id)}`, headers: asUser() };
        const a = await call("enrollments", sent);
        expectFunctionError(a, JSON.stringify(sent));
        expect([400, 404, 405]).toContain(a.status);
      }),
      fuzzOptions(),
    );
  });

  it("calendar answers unknown slugs, feeds and routes with 404 and other methods with 405", async () => {
    const kind = fc.constantFrom("events", "feed", "", "...", "events/x");
    await fc.assert(
      fc.asyncProperty(method, kind, nastyString, fc.boolean(), async (m, k, junk, ics) => {
        const sent = { method: m, path: `/${k}/${segment(junk)}${ics ? ".ics" : ""}` };
        const a = await call("calendar", sent);
        expectFunctionError(a, JSON.stringify(sent));
        expect(m === "GET" ? [200, 404] : [405]).toContain(a.status);
      }),
      fuzzOptions(),
    );
  });

  it("unsubscribe refuses every token it did not sign with 400 (405 for other methods), whatever the body", async () => {
    const token = fc.oneof(
      nastyString,
      fc.uuid().map((id) => `v1.${id}.reminders.${"A".repeat(43)}`),
      fc.uuid().map((id) => `v1.${id}.reminders`),
    );
    await fc.assert(
      fc.asyncProperty(method, token, nastyBody([]), async (m, t, body) => {
        const sent = {
          method: m,
          path: `?token=${segment(t)}`,
          body,
          headers: { "content-type": "application/x-www-form-urlencoded" },
        };
        const a = await call("unsubscribe", sent);
        expectFunctionError(a, JSON.stringify(sent));
        expect(m === "GET" || m === "POST" ? [400, 413] : [405]).toContain(a.status);
      }),
      fuzzOptions(),
    );
  });

  it("payments validates bodies on both routes and refuses other routes", async () => {
    const route = fc.oneof(
      fc.constantFrom("", "/cancel"),
      nastyString.map((s) => `/${segment(s)}`),
    );
    await fc.assert(
      fc.asyncProperty(route, nastyBody(["session_id", "booking_id"]), async (r, body) => {
        const sent = { method: "POST", path: r, body, headers: asUser() };
        const a = await call("payments", sent);
        expectFunctionError(a, JSON.stringify(sent));
        expect([400, 404, 409, 413]).toContain(a.status);
      }),
      fuzzOptions([
        ["", '{"session_id":"00000000-0000-4000-8000-000000000000"}'],
        ["/cancel", '{"booking_id":"00000000-0000-4000-8000-000000000000"}'],
      ]),
    );
  });

  it("stripe-webhook answers 400 to anything unsigned or wrongly signed, whatever the body", async () => {
    const stripe = new Stripe(stripeEnv.secretKey);
    const signature = fc.oneof(
      fc.constant(undefined),
      nastyString.map(headerSafe),
      fc
        .tuple(fc.integer({ min: 0, max: 2 ** 32 }), fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), maxLength: 64 }))
        .map(([t, v]) => `t=${t},v1=${v}`),
      fc.constant("wrong-secret"),
      fc.constant("other-payload"),
    );
    await fc.assert(
      fc.asyncProperty(nastyBody(["id", "type", "created", "data", "object"]), signature, async (body, sig) => {
        let header = sig;
        if (sig === "wrong-secret")
          header = stripe.webhooks.generateTestHeaderString({ payload: body, secret: `whsec_${randomBytes(8).toString("hex")}` });
        if (sig === "other-payload")
          header = stripe.webhooks.generateTestHeaderString({ payload: `${body} `, secret: stripeEnv.webhookSecret });
        const sent = { method: "POST", path: "", body, headers: header === undefined ? {} : { "stripe-signature": header } } as Sent;
        const a = await call("stripe-webhook", sent);
        expectFunctionError(a, JSON.stringify(sent));
        expect(a.status).toBe(400);
      }),
      fuzzOptions(),
    );
  });

  it("stripe-webhook never answers a signed event with a 5xx, whatever its object holds", async () => {
    const stripe = new Stripe(stripeEnv.secretKey);
    const handled = [
      "payment_intent.succeeded",
      "payment_intent.payment_failed",
      "payment_intent.canceled",
      "checkout.session.completed",
      "checkout.session.expired",
      "charge.refunded",
      "customer.created",
    ];
    const object: fc.Arbitrary<Record<string, unknown>> = fc.record(
      {
        id: nastyString,
        amount: nastyValue,
        amount_received: nastyValue,
        currency: nastyValue,
        metadata: fc.oneof(fc.record({ booking_id: nastyValue }, { requiredKeys: [] }), nastyValue),
        client_reference_id: nastyValue,
        payment_status: fc.constantFrom("paid", "unpaid", null),
        payment_intent: nastyValue,
        amount_total: nastyValue,
        refunded: fc.boolean(),
        refunds: fc.oneof(fc.record({ data: fc.array(fc.record({ id: nastyValue }), { maxLength: 2 }) }), nastyValue),
      },
      { requiredKeys: ["id"] },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...handled), object, async (type, data) => {
        const event = {
          id: `evt_fuzz_${randomBytes(8).toString("hex")}`,
          object: "event",
          type,
          created: Math.floor(Date.now() / 1000),
          data: { object: data },
        };
        const body = JSON.stringify(event);
        const sent = {
          method: "POST",
          path: "",
          body,
          headers: { "stripe-signature": stripe.webhooks.generateTestHeaderString({ payload: body, secret: stripeEnv.webhookSecret }) },
        };
        expectFunctionError(await call("stripe-webhook", sent), body);
      }),
      // Once a 502: a booking id from another integration (not a UUID) reached the booking SQL functions.
      fuzzOptions<[string, Record<string, unknown>]>([
        ["payment_intent.succeeded", { id: "pi_other", amount: 100, currency: "eur", metadata: { booking_id: "order-1234" } }],
        [
          "checkout.session.completed",
          { id: "cs_other", payment_status: "paid", payment_intent: "pi_other", client_reference_id: "cart-77" },
        ],
      ]),
    );
  });
});
