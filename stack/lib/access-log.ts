// One access-log line per request, the same shape for the gateway and the services the stack hosts:
// `METHOD path status ms` (the query string is left out: it may carry keys or tokens).
import type { IncomingMessage, ServerResponse } from "node:http";

export function accessLine(method: string, url: string, status: number, ms: number): string {
  return `${method} ${url.split("?")[0]} ${status} ${Math.round(ms)}ms`;
}

/** Calls `write` with the request's line once its response has been sent (or the client went away). */
export function onResponseDone(req: IncomingMessage, res: ServerResponse, write: (line: string) => void): void {
  const started = performance.now();
  const url = req.url ?? "/";
  res.once("close", () => write(accessLine(req.method ?? "GET", url, res.statusCode, performance.now() - started)));
}
