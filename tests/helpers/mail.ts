// The mail catcher's HTTP API (maildev): list, read and clear caught emails.

import { env } from "./stack.ts";

export interface CaughtEmail {
  id: string;
  subject: string;
  text?: string;
  html?: string;
  to: { address: string; name?: string }[];
  from: { address: string; name?: string }[];
  /** Header names in lower case, as maildev parses them. */
  headers?: Record<string, string | string[]>;
}

export async function listEmails(): Promise<CaughtEmail[]> {
  const response = await fetch(`${env.mailUrl}/email`);
  if (!response.ok) throw new Error(`mail catcher answered ${response.status}`);
  return (await response.json()) as CaughtEmail[];
}

export async function emailsTo(address: string): Promise<CaughtEmail[]> {
  return (await listEmails()).filter((m) => m.to.some((t) => t.address.toLowerCase() === address.toLowerCase()));
}

/** Polls until `count` emails to the address arrived (or the timeout passes) and returns them. */
export async function waitForEmails(address: string, count = 1, timeoutMs = 15_000): Promise<CaughtEmail[]> {
  const deadline = Date.now() + timeoutMs;
  let found: CaughtEmail[] = [];
  while (Date.now() < deadline) {
    found = await emailsTo(address);
    if (found.length >= count) return found;
    await new Promise((r) => setTimeout(r, 250));
  }
  return found;
}
