// The JSON error shape every GatherHub HTTP surface uses: { error: { code, message, details } }.
import type { ServerResponse } from "node:http";

export function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  details: unknown = null,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = JSON.stringify({ error: { code, message, details } });
  res.writeHead(status, { ...headers, "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) });
  res.end(body);
}
