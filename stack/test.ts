// `npm test`: boots an isolated stack (temporary cluster, free ports), runs every suite, tears it
// all down even on failure, and ends with `N passed, M failed`. Exit code 1 on any failure.
// `npm test -- --only=vitest` (or pgtap, static, schemathesis) narrows the run; extra args after `--` go to vitest.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type ControlServer, startControl } from "./lib/control.ts";
import { log, runMain } from "./lib/log.ts";
import { randomPorts, type Stack, startStack } from "./lib/stack.ts";
import { advisors, lint, migrationHistory, pgTap, type SuiteResult, schemathesis, typeCheck, typeDrift, vitest } from "./lib/suites.ts";

const only = process.argv
  .find((a) => a.startsWith("--only="))
  ?.slice("--only=".length)
  .split(",");
const vitestArgs = process.argv.slice(2).filter((a) => !a.startsWith("--only="));
const wants = (name: string) => !only || only.includes(name);
const suiteNames = ["static", "pgtap", "vitest", "schemathesis"];
const unknown = (only ?? []).filter((name) => !suiteNames.includes(name));
if (unknown.length > 0) {
  // A typo must not run nothing and pass.
  log.error(`Unknown suite ${unknown.map((n) => `"${n}"`).join(", ")} in --only. Valid names: ${suiteNames.join(", ")}.`);
  process.exit(2);
}
// config.toml reads OAuth client ids through env(); the test stack gives Auth fixed, fake ones so
// the authorize redirect can be checked offline (no secret here is a real provider's).
process.env.GITHUB_CLIENT_ID ??= "gatherhub-test-github-client";
process.env.GITHUB_SECRET ??= "gatherhub-test-github-secret";
process.env.GOOGLE_CLIENT_ID ??= "gatherhub-test-google-client.apps.googleusercontent.com";
process.env.GOOGLE_SECRET ??= "gatherhub-test-google-secret";

// Until the summary line is printed, the run counts as failed (a crash or hang must never pass).
process.exitCode = 1;
let summarised = false;
process.on("exit", () => {
  if (!summarised) console.log("0 passed, 1 failed (the test runner stopped before its summary)");
});

await runMain(async () => {
  const results: SuiteResult[] = [];
  const started = Date.now();

  if (wants("static")) {
    log.step("Static checks: biome, tsc, deno check");
    results.push(await lint(), await migrationHistory(), ...(await typeCheck()));
  }

  const home = mkdtempSync(path.join(os.tmpdir(), "gatherhub-test-"));
  let stack: Stack | undefined;
  let control: ControlServer | undefined;
  const teardown = async () => {
    await control?.close();
    await stack?.stop();
    rmSync(home, { recursive: true, force: true });
  };
  const onSignal = () => {
    teardown().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  try {
    log.step(`Booting an isolated stack in ${home}`);
    stack = await startStack({ home, ports: await randomPorts(), ephemeral: true });
    log.ok(`Stack up at ${stack.info.apiUrl}`);
    if (wants("pgtap")) {
      log.step("pgTAP (pg_prove)");
      results.push(await pgTap(stack.info));
    }
    if (wants("static")) {
      log.step("Supabase advisors and generated types");
      results.push(await advisors(stack.info), await typeDrift(stack.info));
    }
    if (wants("vitest")) {
      // Fault tests stop and start services through it; vitest inherits this process's environment.
      control = await startControl(stack, { ephemeral: true });
      process.env.GATHERHUB_CONTROL_URL = control.url;
      process.env.GATHERHUB_CONTROL_SECRET = control.secret;
      // Security tests call functions directly too, past the gateway's verify_jwt, as an attacker
      // who reaches a function's own address would.
      process.env.GATHERHUB_FUNCTION_URLS = JSON.stringify(
        Object.fromEntries([...stack.gateway.options.functions].map(([name, fn]) => [name, fn.url])),
      );
      log.step("vitest suites through the gateway");
      results.push(await vitest(stack.info, vitestArgs));
    }
    // Last: it writes rows as its user, which no other suite should see.
    if (wants("schemathesis")) {
      log.step("schemathesis against PostgREST's OpenAPI document");
      results.push(await schemathesis(stack.info));
    }
  } catch (err) {
    const e = err as Error & { hint?: string };
    results.push({ name: "stack", passed: 0, failed: 1, output: `${e.message}\n${e.hint ?? ""}` });
  } finally {
    await teardown();
  }

  log.plain("");
  for (const r of results) {
    const line = `${r.failed ? "FAIL" : "ok  "} ${r.name}: ${r.passed} passed, ${r.failed} failed`;
    if (r.failed) {
      log.error(line);
      if (r.output)
        log.plain(
          r.output
            .trim()
            .split("\n")
            .slice(-80)
            .map((l) => `    ${l}`)
            .join("\n"),
        );
    } else log.plain(line);
  }
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  log.plain(`(${Math.round((Date.now() - started) / 1000)}s)`);
  log.plain(`${passed} passed, ${failed} failed`);
  summarised = true;
  return failed === 0 && passed > 0 ? 0 : 1;
});
