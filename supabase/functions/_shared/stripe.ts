// Stripe for functions: the official package on Deno's fetch and SubtleCrypto. STRIPE_API_HOST /
// STRIPE_API_PORT / STRIPE_API_PROTOCOL point it elsewhere (the local stand-in); unset, it is Stripe.
import Stripe from "stripe";
import { HttpError } from "./errors.ts";

export { Stripe };

function need(name: string): string {
  const value = Deno.env.get(name);
  if (!value) throw new HttpError(503, "unavailable", "Payments are not configured on this server.", { missing: name });
  return value;
}

export function stripeClient(): Stripe {
  const host = Deno.env.get("STRIPE_API_HOST");
  const port = Deno.env.get("STRIPE_API_PORT");
  const protocol = Deno.env.get("STRIPE_API_PROTOCOL");
  return new Stripe(need("STRIPE_SECRET_KEY"), {
    httpClient: Stripe.createFetchHttpClient(),
    maxNetworkRetries: 2,
    ...(host ? { host } : {}),
    ...(port ? { port } : {}),
    ...(protocol === "http" || protocol === "https" ? { protocol } : {}),
  });
}

export const webhookSecret = () => need("STRIPE_WEBHOOK_SECRET");
export const cryptoProvider = Stripe.createSubtleCryptoProvider();
