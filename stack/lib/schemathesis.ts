// The schemathesis suite of `npm test`: property-based requests generated from PostgREST's own
// OpenAPI document of the exposed schema, sent through the gateway as a signed-in user. Bounded by
// --max-time, a per-request timeout and a wall-clock kill. Schemathesis (PyPI) is installed into
// .stack/venv on first use.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { stackHome } from "./config.ts";
import type { StackInfo } from "./stack.ts";
import type { SuiteResult } from "./suites.ts";
import { createUser } from "./users.ts";

const version = "4.32.5";
const venv = path.join(stackHome, "venv");
const binary = path.join(venv, "bin", "schemathesis");

// Checks that hold for PostgREST. Left out, because PostgREST's generated Swagger 2.0 cannot satisfy
// them by design: status_code_conformance (only 2xx are documented, every RLS/constraint 4xx would
// fail), response_schema_conformance and content_type_conformance (error bodies, CSV and
// vnd.pgrst.object responses are undocumented), positive_data_acceptance (schema-valid rows are
// refused by RLS, foreign keys and checks on purpose), negative_data_rejection (formats and check
// constraints are not in the document, so "invalid" data is often valid), ignored_auth and
// missing_required_header (keys travel as headers the document does not declare; anon access is
// intended), unsupported_method and allow_header_conformance (PostgREST's 405s carry no Allow header).
export const schemathesisChecks = ["not_a_server_error"];

// A fixed seed: every run sends the same requests, so a failure is the code's, not the dice's.
// Changing it (or GATHERHUB_FUZZ_SEED for one run) is a deliberate act.
export const schemathesisSeed = "20261201";

/**
 * What a reader needs from a failing run, last (the runner prints the tail of a failing suite):
 * each failure with its reproducing curl command, then the seed that replays it.
 */
export function failureSummary(output: string, seed: string): string {
  const lines = output.split("\n");
  const start = lines.findIndex((l) => /^=+ FAILURES =+$/.test(l.trim()));
  const end = lines.findIndex((l, i) => i > start && /^=+ (SUMMARY|WARNINGS|ERRORS) =+$/.test(l.trim()));
  const failures = start < 0 ? [] : lines.slice(start, end < 0 ? undefined : end);
  const kept = failures.length > 60 ? [...failures.slice(0, 60), `… ${failures.length - 60} more lines above`] : failures;
  return [...kept, `schemathesis seed ${seed}: replay with GATHERHUB_FUZZ_SEED=${seed} npm test -- --only=schemathesis`].join("\n");
}

/** Installs schemathesis into the project-local venv when it is missing; returns an error text or null. */
export function ensureSchemathesis(): string | null {
  if (existsSync(binary)) return null;
  mkdirSync(stackHome, { recursive: true });
  const steps: [string, string[]][] = [
    ["python3", ["-m", "venv", venv]],
    [path.join(venv, "bin", "pip"), ["install", "--quiet", `schemathesis==${version}`]],
  ];
  for (const [command, args] of steps) {
    const result = spawnSync(command, args, { encoding: "utf8" });
    if (result.status !== 0)
      return `${command} ${args.join(" ")} failed:\n${result.stdout ?? ""}${result.stderr ?? result.error?.message ?? ""}`;
  }
  return existsSync(binary) ? null : `pip installed schemathesis but ${binary} is missing`;
}

function run(
  command: string,
  args: string[],
  cwd: string,
  timeoutMs: number,
): Promise<{ status: number; output: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    // cwd: schemathesis keeps a .schemathesis cache folder there, which belongs in the temp folder.
    const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
    let output = "";
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    child.once("error", (err) => {
      clearTimeout(timer);
      resolve({ status: 1, output: `${output}${err.message}`, timedOut });
    });
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ status: code ?? 1, output, timedOut });
    });
  });
}

/** passed/failed from the JUnit report: one test case per API operation. */
export function countJunit(xml: string): { tests: number; failed: number } {
  const suite = /<testsuites[^>]*>/.exec(xml)?.[0] ?? "";
  const attr = (name: string) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(suite)?.[1] ?? "0");
  // A skipped operation was not tested: it counts as failed, like a skipped vitest test.
  return { tests: attr("tests"), failed: attr("failures") + attr("errors") + attr("skipped") };
}

export async function schemathesis(
  info: StackInfo,
  { maxTimeSeconds = 45, wallClockMs = 150_000 }: { maxTimeSeconds?: number; wallClockMs?: number } = {},
): Promise<SuiteResult> {
  const name = "schemathesis (PostgREST OpenAPI)";
  const installError = ensureSchemathesis();
  if (installError) return { name, passed: 0, failed: 1, output: installError };

  const user = await createUser({ url: info.apiUrl, anonKey: info.anonKey, serviceRoleKey: info.serviceRoleKey }, "seeker", {
    name: "Schemathesis",
  });
  const headers = { apikey: info.anonKey, authorization: `Bearer ${user.token}` };
  const response = await fetch(`${info.apiUrl}/rest/v1/`, { headers });
  if (!response.ok) return { name, passed: 0, failed: 1, output: `OpenAPI document: HTTP ${response.status} ${await response.text()}` };
  const dir = mkdtempSync(path.join(os.tmpdir(), "gatherhub-schemathesis-"));
  try {
    const schema = path.join(dir, "openapi.json");
    const junit = path.join(dir, "junit.xml");
    writeFileSync(schema, await response.text());
    const seed = process.env.GATHERHUB_FUZZ_SEED || schemathesisSeed;
    const args = [
      "run",
      schema,
      // Requests go through the gateway like a client's (the document names it too).
      "--url",
      `${info.apiUrl}/rest/v1`,
      "--header",
      `apikey: ${headers.apikey}`,
      "--header",
      `Authorization: ${headers.authorization}`,
      "--checks",
      schemathesisChecks.join(","),
      "--phases",
      "examples,coverage,fuzzing",
      "--max-examples",
      "10",
      "--max-time",
      String(maxTimeSeconds),
      "--request-timeout",
      "15",
      "--workers",
      "1",
      // Nothing persists between runs: no example database or cache in the working tree.
      "--generation-database",
      "none",
      "--suppress-health-check",
      "all",
      "--report",
      "junit",
      "--report-junit-path",
      junit,
      "--seed",
      seed,
    ];
    const result = await run(binary, args, dir, wallClockMs);
    const output = `${result.output}\n${failureSummary(result.output, seed)}`;
    if (result.timedOut)
      return { name, passed: 0, failed: 1, output: `${output}\nschemathesis exceeded ${wallClockMs / 1000}s and was stopped` };
    if (!existsSync(junit)) return { name, passed: 0, failed: 1, output };
    const { tests, failed } = countJunit(readFileSync(junit, "utf8"));
    const failures = failed || (result.status !== 0 || tests === 0 ? 1 : 0);
    return { name, passed: Math.max(0, tests - failed), failed: failures, output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
