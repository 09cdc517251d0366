// The suites `npm test` runs against a booted stack. Each returns passed/failed counts so the run
// can end with one `N passed, M failed` line.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { binDir, functionsDir, localSendEmailHookSecret, readConfig, root, supabaseDir } from "./config.ts";
import { log } from "./log.ts";
import type { StackInfo } from "./stack.ts";
import { parseSize } from "./storage.ts";
import { stripeEnv } from "./stripe-standin.ts";

export { schemathesis } from "./schemathesis.ts";

export interface SuiteResult {
  name: string;
  passed: number;
  failed: number;
  output?: string;
}

// Always asynchronous: the gateway runs in this very process, so a synchronous child would
// block it and deadlock any suite that calls the API.
function exec(
  command: string,
  args: string[],
  env: Record<string, string> = {},
  { cwd = root, inherit = false }: { cwd?: string; inherit?: boolean } = {},
): Promise<{ status: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: inherit ? "inherit" : ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout?.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr?.on("data", (chunk) => {
      output += chunk;
    });
    child.once("error", (err) => resolve({ status: 1, output: `${output}${err.message}` }));
    child.once("close", (code) => resolve({ status: code ?? 1, output }));
  });
}

/** A check that is one test: it passes or fails as a whole. */
async function check(name: string, command: string, args: string[], env: Record<string, string> = {}): Promise<SuiteResult> {
  const { status, output } = await exec(command, args, env);
  return { name, passed: status === 0 ? 1 : 0, failed: status === 0 ? 0 : 1, output };
}

export async function pgTap(info: StackInfo): Promise<SuiteResult> {
  const dir = path.join(supabaseDir, "tests", "database");
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".test.sql"))
    .sort()
    .map((f) => path.join(dir, f));
  if (files.length === 0) return { name: "pgTAP", passed: 0, failed: 1, output: "no pgTAP files found" };
  const url = new URL(info.dbUrl);
  const { status, output } = await exec(
    "pg_prove",
    ["-v", "-h", url.hostname, "-p", url.port, "-U", "postgres", "-d", "postgres", ...files],
    { PGPASSWORD: decodeURIComponent(url.password) },
    { cwd: dir },
  );
  const passed = (output.match(/^\s*ok \d+/gm) ?? []).length;
  let failed = (output.match(/^\s*not ok \d+/gm) ?? []).length;
  // A file that dies (SQL error, wrong plan) may print no "not ok" line: count it as one failure.
  if (status !== 0 && failed === 0) failed = 1;
  // On failure, show what failed and its diagnostics rather than hundreds of "ok" lines.
  const interesting = output
    .split("\n")
    .filter((l) => !/^\s*ok \d+/.test(l))
    .join("\n");
  return { name: "pgTAP", passed, failed, output: interesting };
}

export function advisors(info: StackInfo): Promise<SuiteResult> {
  return check(
    "supabase db advisors",
    path.join(binDir, "supabase"),
    ["db", "advisors", `--remote=${info.dbUrl}`, "--type", "all", "--level", "warn", "--fail-on", "warn"],
    { PGSSLMODE: "disable" },
  );
}

export const typesFile = path.join(functionsDir, "_shared", "contract", "database.types.ts");

export function generateTypes(dbUrl: string): string {
  const result = spawnSync(
    path.join(binDir, "supabase"),
    ["gen", "types", "--lang", "typescript", `--remote=${dbUrl}`, "--schema", "public"],
    { cwd: root, env: { ...process.env, PGSSLMODE: "disable" }, encoding: "utf8" },
  );
  if (result.status !== 0) throw new Error(`supabase gen types failed:\n${result.stdout}${result.stderr}`);
  return normaliseTypes(result.stdout);
}

/** The CLI prints unformatted TypeScript; the project's formatter makes it readable and stable. */
export function normaliseTypes(text: string): string {
  return format(text, "database.types.ts");
}

function format(text: string, name: string): string {
  const result = spawnSync(path.join(binDir, "biome"), ["format", `--stdin-file-path=${name}`], {
    cwd: root,
    input: text,
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`biome could not format the generated types:\n${result.stderr}`);
  return result.stdout;
}

export const bucketsFile = path.join(functionsDir, "_shared", "contract", "buckets.generated.ts");

/**
 * Bucket limits have one source of truth: the storage.buckets rows the migrations write (the only
 * path that reaches local and hosted databases alike). The SDK and the functions read this constant.
 */
export async function generateBuckets(dbUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{
      id: string;
      public: boolean;
      file_size_limit: string | null;
      allowed_mime_types: string[] | null;
    }>("select id, public, file_size_limit, allowed_mime_types from storage.buckets order by id");
    const serviceLimit = parseSize(readConfig().storage);
    const entries = rows.map((r) => {
      const limit = r.file_size_limit === null ? serviceLimit : Number(r.file_size_limit);
      if (limit > serviceLimit) {
        throw new Error(`Bucket ${r.id} allows ${limit} bytes, more than config.toml's [storage] file_size_limit (${serviceLimit}).`);
      }
      return `${JSON.stringify(r.id)}: { public: ${r.public}, fileSizeLimit: ${limit}, allowedMimeTypes: ${JSON.stringify(r.allowed_mime_types ?? [])} }`;
    });
    const text = [
      "// Generated by `npm run types` from the storage.buckets rows the migrations create: do not edit.",
      "// Change a bucket with a new migration, then regenerate (the types drift check fails until then).",
      `export const buckets = { ${entries.join(", ")} } as const;`,
      "export type BucketId = keyof typeof buckets;",
      "",
    ].join("\n");
    return format(text, "buckets.generated.ts");
  } finally {
    await client.end();
  }
}

export const refusalsFile = path.join(functionsDir, "_shared", "contract", "refusals.generated.ts");

/**
 * The refusal table has one source of truth: the private.refusals rows the migrations write (what
 * private.refuse raises). Functions, the SDK and the README read this constant through the contract.
 */
export async function generateRefusals(dbUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ reason: string; status: number; code: string; message: string }>(
      "select reason, status, code, message from private.refusals order by reason",
    );
    const entries = rows.map(
      (r) => `${r.reason}: { status: ${Number(r.status)}, code: ${JSON.stringify(r.code)}, message: ${JSON.stringify(r.message)} }`,
    );
    const text = [
      "// Generated by `npm run types` from the rows of private.refusals: do not edit.",
      `export const refusals = { ${entries.join(", ")} } as const;`,
      "",
    ].join("\n");
    return format(text, "refusals.generated.ts");
  } finally {
    await client.end();
  }
}

export async function typeDrift(info: StackInfo): Promise<SuiteResult> {
  try {
    const stale: string[] = [];
    if (generateTypes(info.dbUrl) !== (existsSync(typesFile) ? readFileSync(typesFile, "utf8") : "")) stale.push(typesFile);
    if ((await generateBuckets(info.dbUrl)) !== (existsSync(bucketsFile) ? readFileSync(bucketsFile, "utf8") : "")) stale.push(bucketsFile);
    if ((await generateRefusals(info.dbUrl)) !== (existsSync(refusalsFile) ? readFileSync(refusalsFile, "utf8") : ""))
      stale.push(refusalsFile);
    if (stale.length === 0) return { name: "types drift", passed: 1, failed: 0 };
    return {
      name: "types drift",
      passed: 0,
      failed: 1,
      output: `${stale.map((f) => path.relative(root, f)).join(", ")} ${stale.length === 1 ? "differs" : "differ"} from the migrations: run \`npm run types\` and commit the result.`,
    };
  } catch (err) {
    return { name: "types drift", passed: 0, failed: 1, output: (err as Error).message };
  }
}

export async function typeCheck(): Promise<SuiteResult[]> {
  const tsc = path.join(binDir, "tsc");
  const results = [
    await check("tsc (stack, tests)", tsc, ["-p", "tsconfig.json", "--noEmit"]),
    await check("tsc (sdk)", tsc, ["-p", "sdk/tsconfig.json", "--noEmit"]),
  ];
  const functions = readdirSync(functionsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith("_") && existsSync(path.join(functionsDir, d.name, "index.ts")))
    .map((d) => d.name);
  for (const name of functions) {
    const dir = path.join(functionsDir, name);
    results.push(
      await check(
        `deno check ${name}`,
        path.join(binDir, "deno"),
        ["check", "--config", path.join(dir, "deno.json"), path.join(dir, "index.ts")],
        {
          DENO_TLS_CA_STORE: "mozilla,system",
          DENO_NO_UPDATE_CHECK: "1",
          NO_COLOR: "1",
        },
      ),
    );
  }
  return results;
}

export function lint(): Promise<SuiteResult> {
  return check("biome", path.join(binDir, "biome"), ["check", "."]);
}

export async function vitest(info: StackInfo, extraArgs: string[] = []): Promise<SuiteResult> {
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), "gatherhub-vitest-")), "report.json");
  const result = await exec(
    path.join(binDir, "vitest"),
    ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`, ...extraArgs],
    stackEnv(info),
    { inherit: true },
  );
  try {
    const report = JSON.parse(readFileSync(out, "utf8")) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
      testResults: { status: string }[];
    };
    const suiteErrors = report.testResults.filter((r) => r.status === "failed").length;
    // Skipped or todo tests are defects here: they count as failures.
    const failed = report.numFailedTests + report.numPendingTests + report.numTodoTests;
    return { name: "vitest", passed: report.numPassedTests, failed: failed || (result.status !== 0 ? Math.max(1, suiteErrors) : 0) };
  } catch {
    log.error("vitest produced no report");
    return { name: "vitest", passed: 0, failed: 1 };
  }
}

/** How tests (and the demo) find the stack they run against. */
export function stackEnv(info: StackInfo): Record<string, string> {
  return {
    GATHERHUB_URL: info.apiUrl,
    GATHERHUB_ANON_KEY: info.anonKey,
    GATHERHUB_SERVICE_ROLE_KEY: info.serviceRoleKey,
    GATHERHUB_DB_URL: info.dbUrl,
    GATHERHUB_JWT_SECRET: info.jwtSecret,
    GATHERHUB_MAIL_URL: info.mailUrl,
    GATHERHUB_SMTP_PORT: String(info.smtpPort),
    GATHERHUB_REST_URL: info.restUrl,
    GATHERHUB_HOME: info.home,
    GATHERHUB_SEND_EMAIL_HOOK_SECRET: localSendEmailHookSecret,
    ...stripeEnv(info.stripePort),
  };
}

/**
 * Migrations are history: hosted projects have applied every landed migration, so a migration file
 * never changes once it is on main. How it decides: every migration that existed at `historyBase`
 * (main when this check was added) must be byte-identical to that version, and no commit on main's
 * first-parent line since then may modify, delete or rename a file in supabase/migrations/ (a
 * merged branch counts as its net change, so a branch may polish its own new migration before it
 * lands); uncommitted edits to tracked migrations fail too. Needs the git history (CI clones it).
 */
export const historyBase = "8d5a13198a666e6d86913748ab36ca88e98d80a7";

export async function migrationHistory(): Promise<SuiteResult> {
  const name = "migrations are history";
  const dir = "supabase/migrations";
  const known = await exec("git", ["cat-file", "-e", `${historyBase}^{commit}`]);
  if (known.status !== 0) {
    return { name, passed: 0, failed: 1, output: `Needs the git history back to ${historyBase.slice(0, 12)} (a full clone).` };
  }
  const problems: string[] = [];
  const landed = (await exec("git", ["ls-tree", "--name-only", historyBase, `${dir}/`])).output.trim().split("\n").filter(Boolean);
  for (const file of landed) {
    const then = await exec("git", ["show", `${historyBase}:${file}`]);
    const path_ = path.join(root, file);
    if (!existsSync(path_)) problems.push(`${file}: deleted`);
    else if (readFileSync(path_, "utf8") !== then.output) problems.push(`${file}: changed since it landed`);
  }
  const log = await exec("git", [
    "log",
    "--first-parent",
    "--diff-merges=first-parent",
    "--format=commit %h %s",
    "--name-status",
    "--diff-filter=MDR",
    `${historyBase}..HEAD`,
    "--",
    dir,
  ]);
  if (log.output.trim()) problems.push(`commits on main changed existing migrations:\n${log.output.trim()}`);
  const uncommitted = await exec("git", ["diff", "HEAD", "--name-status", "--diff-filter=MDR", "--", dir]);
  if (uncommitted.output.trim()) problems.push(`uncommitted changes to migrations:\n${uncommitted.output.trim()}`);
  if (problems.length === 0) return { name, passed: 1, failed: 0 };
  return {
    name,
    passed: 0,
    failed: 1,
    output: `${problems.join("\n")}\nA landed migration never changes: put the change in a new migration (YYYYMMDDHHmmss_name.sql).`,
  };
}
