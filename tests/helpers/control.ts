// Fault tests stop and start stack services through the test-only control server that `npm test`
// starts (stack/lib/control.ts); its address and secret arrive in the environment.
import { env } from "./stack.ts";

function need(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run fault tests with \`npm test\`, which starts the control server.`);
  return value;
}

/** `rest`, `fn:<name>` or `database`. */
export async function control(service: string, action: "stop" | "start"): Promise<void> {
  const response = await fetch(`${need("GATHERHUB_CONTROL_URL")}/services/${encodeURIComponent(service)}/${action}`, {
    method: "POST",
    headers: { "x-control-secret": need("GATHERHUB_CONTROL_SECRET") },
  });
  if (!response.ok) throw new Error(`control ${action} ${service}: ${response.status} ${await response.text()}`);
}

/** Polls until `ready` holds; bounded, so a service that never returns fails the test. */
export async function eventually(what: string, ready: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if (await ready()) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not recover within ${timeoutMs / 1000}s`);
}

/** The gateway's and functions' error shape: { error: { code, message, details } }. */
export function isErrorShape(body: unknown): boolean {
  const error = (body as { error?: Record<string, unknown> } | null)?.error;
  return !!error && typeof error.code === "string" && typeof error.message === "string" && "details" in error;
}

export const restReady = async () =>
  (await fetch(`${env.url}/rest/v1/events?select=id&limit=1`, { headers: { apikey: env.anonKey } })).status === 200;
