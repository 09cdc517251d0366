// Docker-free stack only: a local HTTP stand-in for the few Stripe API endpoints GatherHub calls
// (create / retrieve / cancel PaymentIntent, create Refund), so functions run the real `stripe`
// package against it. Honours Idempotency-Key like Stripe: the same key returns the same object.
// Test-only extras live under /_standin. Run: tsx stack/lib/stripe-standin.ts <port>
import { randomBytes } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import { fileURLToPath } from "node:url";
import { onResponseDone } from "./access-log.ts";

/** Fake test-mode credentials: they only ever reach this stand-in. */
export const standinSecretKey = "sk_test_gatherhub_local_standin";
export const standinWebhookSecret = "whsec_gatherhub_local_standin";

/** The environment functions and tests need to reach the stand-in on `port`. */
export function stripeEnv(port: number): Record<string, string> {
  return {
    STRIPE_SECRET_KEY: standinSecretKey,
    STRIPE_WEBHOOK_SECRET: standinWebhookSecret,
    STRIPE_API_HOST: "127.0.0.1",
    STRIPE_API_PORT: String(port),
    STRIPE_API_PROTOCOL: "http",
  };
}

type StripeObject = Record<string, unknown> & { id: string };
interface Logged {
  method: string;
  path: string;
  idempotencyKey: string | null;
  replayed: boolean;
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString("hex")}`;
const now = () => Math.floor(Date.now() / 1000);

/** Stripe sends form bodies with bracketed keys (metadata[booking_id]=…); one level is enough here. */
function parseForm(body: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const nested = /^(\w+)\[(\w+)\]$/.exec(key);
    if (nested?.[1] && nested[2]) {
      const inner = (out[nested[1]] ?? {}) as Record<string, unknown>;
      inner[nested[2]] = value;
      out[nested[1]] = inner;
    } else out[key] = value;
  }
  return out;
}

function stripeError(status: number, code: string, message: string) {
  return { status, body: { error: { type: "invalid_request_error", code, message } } };
}

export function createStripeStandin({ secretKey = standinSecretKey, logRequests = false } = {}): http.Server {
  const intents = new Map<string, StripeObject>();
  const idempotent = new Map<string, { status: number; body: unknown }>();
  const log: Logged[] = [];

  function route(method: string, path: string, params: Record<string, unknown>): { status: number; body: unknown } {
    if (method === "POST" && path === "/v1/payment_intents") {
      const amount = Number(params.amount);
      if (!Number.isInteger(amount) || amount < 1)
        return stripeError(400, "parameter_invalid_integer", "amount must be a positive integer");
      const pi: StripeObject = {
        id: id("pi"),
        object: "payment_intent",
        amount,
        amount_received: 0,
        currency: String(params.currency ?? ""),
        status: "requires_payment_method",
        metadata: params.metadata ?? {},
        created: now(),
        latest_charge: null,
        livemode: false,
      };
      pi.client_secret = `${pi.id}_secret_${randomBytes(8).toString("hex")}`;
      intents.set(pi.id, pi);
      return { status: 200, body: pi };
    }
    const piMatch = /^\/(v1|_standin)\/payment_intents\/(\w+)(?:\/(\w+))?$/.exec(path);
    if (piMatch) {
      const [, area, piId, action] = piMatch;
      const pi = intents.get(piId ?? "");
      if (!pi) return stripeError(404, "resource_missing", "No such payment_intent");
      if (area === "v1" && method === "GET" && !action) return { status: 200, body: pi };
      if (area === "v1" && method === "POST" && action === "cancel") {
        if (pi.status === "succeeded" || pi.status === "canceled")
          return stripeError(400, "payment_intent_unexpected_state", `This PaymentIntent's status is ${pi.status}.`);
        Object.assign(pi, { status: "canceled", canceled_at: now() });
        return { status: 200, body: pi };
      }
      // Test-only: what a customer paying in the browser does to a PaymentIntent.
      if (area === "_standin" && method === "POST" && action === "succeed") {
        Object.assign(pi, { status: "succeeded", amount_received: pi.amount, latest_charge: id("ch") });
        return { status: 200, body: pi };
      }
    }
    if (method === "POST" && path === "/v1/refunds") {
      const pi = intents.get(String(params.payment_intent ?? ""));
      if (!pi) return stripeError(404, "resource_missing", "No such payment_intent");
      if (pi.status !== "succeeded") return stripeError(400, "charge_not_paid", "This PaymentIntent has not been paid.");
      const refund: StripeObject = {
        id: id("re"),
        object: "refund",
        amount: Number(params.amount ?? pi.amount),
        currency: pi.currency,
        payment_intent: pi.id,
        charge: pi.latest_charge,
        status: "succeeded",
        metadata: params.metadata ?? {},
        created: now(),
      };
      return { status: 200, body: refund };
    }
    if (method === "GET" && path === "/_standin/log") return { status: 200, body: log };
    return stripeError(404, "resource_missing", `Unrecognized request URL (${method}: ${path}).`);
  }

  return http.createServer((req: IncomingMessage, res: ServerResponse) => {
    if (logRequests) onResponseDone(req, res, (line) => console.log(line));
    let raw = "";
    req.on("data", (chunk) => {
      raw += chunk;
    });
    req.on("end", () => {
      const method = req.method ?? "GET";
      const path = new URL(req.url ?? "/", "http://standin").pathname;
      let result: { status: number; body: unknown };
      const key = typeof req.headers["idempotency-key"] === "string" ? req.headers["idempotency-key"] : null;
      const replay = key ? idempotent.get(`${method} ${path} ${key}`) : undefined;
      if (!path.startsWith("/_standin") && req.headers.authorization !== `Bearer ${secretKey}`) {
        result = { status: 401, body: { error: { type: "invalid_request_error", message: "Invalid API Key provided." } } };
      } else if (replay) {
        result = replay;
      } else {
        result = route(method, path, parseForm(raw));
        if (key && method === "POST") idempotent.set(`${method} ${path} ${key}`, result);
      }
      if (!path.startsWith("/_standin")) log.push({ method, path, idempotencyKey: key, replayed: replay !== undefined });
      res.writeHead(result.status, { "content-type": "application/json", "request-id": id("req") });
      res.end(JSON.stringify(result.body));
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2]);
  createStripeStandin({ logRequests: true }).listen(port, "127.0.0.1", () => console.log(`stripe stand-in listening on ${port}`));
}
