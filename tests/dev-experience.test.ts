// What a Supabase developer expects from the local stack besides the APIs: request logs, the
// OpenAPI document naming the gateway, `npm run status`, functions reloading on save, and a test
// runner that refuses a suite name it does not know.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { binDir, root } from "../stack/lib/config.ts";
import { freePort, portOpen, startService, waitFor } from "../stack/lib/proc.ts";
import { denoFunctionCommand } from "../stack/lib/stack.ts";
import { saveStatus } from "../stack/lib/status.ts";
import { closeDb, createUser, env } from "./helpers/stack.ts";

afterAll(closeDb);

const tsx = (args: string[], extraEnv: Record<string, string> = {}) =>
  spawnSync(path.join(binDir, "tsx"), args, { cwd: root, encoding: "utf8", env: { ...process.env, ...extraEnv }, timeout: 60_000 });

const home = process.env.GATHERHUB_HOME as string;
const logOf = (name: string) => readFileSync(path.join(home, "logs", name), "utf8");

describe("developer experience", () => {
  it("an unknown --only suite is refused with the list of valid names", () => {
    const run = tsx(["stack/test.ts", "--only=pgtapp"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Unknown suite "pgtapp" in --only. Valid names: static, pgtap, vitest, schemathesis.');
  });

  it("the OpenAPI document fetched through the gateway names the gateway and /rest/v1", async () => {
    const response = await fetch(`${env.url}/rest/v1/`, { headers: { apikey: env.anonKey } });
    const doc = (await response.json()) as { host: string; basePath: string };
    expect({ host: doc.host, basePath: doc.basePath }).toEqual({ host: new URL(env.url).host, basePath: "/rest/v1" });
  });

  it("every service logs each request to its log file, and the gateway keeps an access log", async () => {
    const user = await createUser();
    const marker = `log-${Date.now()}`;
    await fetch(`${env.url}/rest/v1/events?select=id&title=eq.${marker}`, { headers: { apikey: env.anonKey } });
    await fetch(`${env.url}/storage/v1/object/public/avatars/${user.id}/${marker}.png`);
    await fetch(`${env.url}/functions/v1/health`, { headers: { apikey: env.anonKey } });
    await new Promise((r) => setTimeout(r, 300));
    expect(logOf("gateway.log")).toMatch(/GET \/rest\/v1\/events 200 \d+ms/);
    expect(logOf("gateway.log")).toMatch(new RegExp(`GET /storage/v1/object/public/avatars/${user.id}/${marker}.png \\d{3} \\d+ms`));
    expect(logOf("postgrest.log")).toContain(`"GET /events?select=id&title=eq.${marker}`);
    expect(logOf("storage.log")).toContain(`${marker}.png`);
    expect(logOf("fn-health.log")).toMatch(/GET \/health 200 \d+ms/);
  });

  it("npm run status reprints the URLs and keys of the running stack, and says when none runs", () => {
    const devHome = mkdtempSync(path.join(os.tmpdir(), "gatherhub-status-"));
    try {
      const info = { apiUrl: env.url, dbUrl: env.dbUrl, anonKey: env.anonKey, serviceRoleKey: env.serviceRoleKey, home: devHome };
      saveStatus({ ...info, restUrl: "", mailUrl: "http://127.0.0.1:1", smtpPort: 1, jwtSecret: env.jwtSecret, stripePort: 1 });
      const running = tsx(["stack/status.ts"], { GATHERHUB_DEV_HOME: devHome });
      expect(running.status).toBe(0);
      for (const text of [`API URL: ${env.url}`, `Storage URL: ${env.url}/storage/v1`, `anon key: ${env.anonKey}`, env.serviceRoleKey]) {
        expect(running.stdout).toContain(text);
      }
      rmSync(path.join(devHome, "status.json"));
      const stopped = tsx(["stack/status.ts"], { GATHERHUB_DEV_HOME: devHome });
      expect(stopped.status).toBe(1);
      expect(stopped.stderr).toContain("The local stack is not running.");
    } finally {
      rmSync(devHome, { recursive: true, force: true });
    }
  });

  it("a function edited while `npm run dev` serves it answers with the new code within 2 s", async () => {
    // A temporary function, served the way dev serves functions (deno --watch); the tree is never touched.
    const fnDir = mkdtempSync(path.join(os.tmpdir(), "gatherhub-fn-"));
    const source = (answer: string) => `Deno.serve(() => new Response(${JSON.stringify(answer)}));\n`;
    writeFileSync(path.join(fnDir, "deno.json"), "{}\n");
    writeFileSync(path.join(fnDir, "index.ts"), source("before"));
    const port = await freePort();
    const { command, args, cwd, env: fnEnv } = denoFunctionCommand("reload-probe", port, {}, { watch: true, fnDir });
    const logFile = `${fnDir}.log`;
    const service = startService("fn:reload-probe", command, args, { cwd, env: fnEnv, logFile });
    const answer = async () => {
      try {
        return await (await fetch(`http://127.0.0.1:${port}/`)).text();
      } catch {
        return ""; // restarting
      }
    };
    const edit = async (text: string, withinMs: number) => {
      writeFileSync(path.join(fnDir, "index.ts"), source(text));
      const edited = Date.now();
      while (Date.now() - edited < withinMs) {
        if ((await answer()) === text) return Date.now() - edited;
        await new Promise((r) => setTimeout(r, 50));
      }
      return null;
    };
    try {
      await waitFor("reload probe", () => portOpen(port), { service, timeoutMs: 60_000 });
      expect(await answer()).toBe("before");
      // Deno's watcher arms itself shortly after start (an edit in that instant is missed, as with
      // any watcher): edit until one reload is seen, then time the edit that counts.
      let armed = false;
      for (let attempt = 1; attempt <= 10 && !armed; attempt++) armed = (await edit(`warm-up ${attempt}`, 3000)) !== null;
      expect(armed, readFileSync(logFile, "utf8")).toBe(true);
      const reloadMs = await edit("after", 2000);
      expect(reloadMs, readFileSync(logFile, "utf8")).not.toBeNull();
    } finally {
      await service.stop();
      rmSync(fnDir, { recursive: true, force: true });
      rmSync(`${fnDir}.log`, { force: true });
    }
  });
});
