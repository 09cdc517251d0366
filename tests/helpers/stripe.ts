// Stripe for tests: events signed with the stripe package's own test header (so the webhook's
// real verification runs), delivery to the webhook, and the local stand-in's test-only endpoints.
import { randomBytes } from "node:crypto";
import Stripe from "stripe";
import { env } from "./stack.ts";

function need(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the suites with \`npm test\`, which boots the stack.`);
  return value;
}

export const stripeEnv = {
  secretKey: need("STRIPE_SECRET_KEY"),
  webhookSecret: need("STRIPE_WEBHOOK_SECRET"),
  apiBase: `${need("STRIPE_API_PROTOCOL")}://${need("STRIPE_API_HOST")}:${need("STRIPE_API_PORT")}`,
};

const stripe = new Stripe(stripeEnv.secretKey);
const nowSeconds = () => Math.floor(Date.now() / 1000);

export interface StripeEventFixture {
  id: string;
  object: "event";
  type: string;
  created: number;
  api_version: string;
  livemode: false;
  pending_webhooks: number;
  request: { id: null; idempotency_key: null };
  data: { object: Record<string, unknown> };
}

export function stripeEvent(type: string, object: Record<string, unknown>, created = nowSeconds()): StripeEventFixture {
  return {
    id: `evt_${randomBytes(12).toString("hex")}`,
    object: "event",
    type,
    created,
    api_version: Stripe.API_VERSION,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object },
  };
}

/** Delivers an event to the webhook as Stripe would, signed unless a header is given. */
export async function deliver(
  event: StripeEventFixture,
  { secret = stripeEnv.webhookSecret, timestamp, header }: { secret?: string; timestamp?: number; header?: string } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const payload = JSON.stringify(event);
  const signature = header ?? stripe.webhooks.generateTestHeaderString({ payload, secret, ...(timestamp ? { timestamp } : {}) });
  const response = await fetch(`${env.url}/functions/v1/stripe-webhook`, {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": signature },
    body: payload,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function standin<T>(method: string, path: string): Promise<T> {
  const response = await fetch(`${stripeEnv.apiBase}${path}`, { method });
  if (!response.ok) throw new Error(`stand-in ${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** The customer pays: the stand-in's PaymentIntent becomes succeeded; returns it, as a webhook carries it. */
export const payIntent = (id: string) =>
  standin<Record<string, unknown> & { id: string }>("POST", `/_standin/payment_intents/${id}/succeed`);

export const standinLog = () =>
  standin<{ method: string; path: string; idempotencyKey: string | null; replayed: boolean }[]>("GET", "/_standin/log");
