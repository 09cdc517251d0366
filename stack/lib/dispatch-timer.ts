// Docker-free stand-in for hosted Supabase's pg_cron + pg_net job: this cluster has no pg_net, so
// the stack itself POSTs to the email dispatcher on a fixed interval, with the service role key.
// GATHERHUB_DISPATCH_INTERVAL_MS sets the interval (0 turns it off); `npm test` leaves it off and
// its suites call the dispatcher themselves.
import { log } from "./log.ts";

export function dispatchIntervalMs(ephemeral: boolean): number {
  const configured = process.env.GATHERHUB_DISPATCH_INTERVAL_MS;
  if (configured !== undefined && configured.trim() !== "") return Math.max(0, Number(configured) || 0);
  return ephemeral ? 0 : 60_000;
}

/** Starts the timer; returns the function that stops it. Runs never overlap. */
export function startDispatchTimer(apiUrl: string, serviceRoleKey: string, intervalMs: number): () => void {
  if (intervalMs <= 0) return () => {};
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const response = await fetch(`${apiUrl}/functions/v1/email-dispatcher`, {
        method: "POST",
        headers: { authorization: `Bearer ${serviceRoleKey}`, "content-type": "application/json" },
        body: "{}",
        signal: AbortSignal.timeout(Math.max(intervalMs, 30_000)),
      });
      if (!response.ok) log.warn(`email dispatcher answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
    } catch (err) {
      log.warn(`email dispatcher unreachable: ${(err as Error).message}`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
