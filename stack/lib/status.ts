// What `npm run dev` prints once the stack is up, and `npm run status` prints again later: the URLs
// and keys of the running stack (as `supabase status` does). dev writes them to .stack/dev/status.json.
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { StackInfo } from "./stack.ts";

export function statusFile(home: string): string {
  return path.join(home, "status.json");
}

export function saveStatus(info: StackInfo): void {
  writeFileSync(statusFile(info.home), JSON.stringify({ ...info, pid: process.pid }, null, 2));
}

export function clearStatus(home: string): void {
  rmSync(statusFile(home), { force: true });
}

export function readStatus(home: string): (StackInfo & { pid: number }) | null {
  const file = statusFile(home);
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : null;
}

export function formatStatus(info: StackInfo): string {
  return [
    `         API URL: ${info.apiUrl}`,
    `    REST API URL: ${info.apiUrl}/rest/v1`,
    `    Auth API URL: ${info.apiUrl}/auth/v1`,
    `     Storage URL: ${info.apiUrl}/storage/v1`,
    `   Functions URL: ${info.apiUrl}/functions/v1`,
    `          DB URL: ${info.dbUrl}`,
    `     Mail UI URL: ${info.mailUrl}`,
    `       SMTP port: ${info.smtpPort}`,
    `      JWT secret: ${info.jwtSecret}`,
    `        anon key: ${info.anonKey}`,
    `service_role key: ${info.serviceRoleKey}`,
    "",
    `Logs: ${path.join(info.home, "logs")}`,
  ].join("\n");
}
