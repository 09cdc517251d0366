// The stack's own PostgreSQL 15 cluster (Debian packages), in a project-local or temporary folder.

import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { localDbPassword } from "./config.ts";
import { log, StackError } from "./log.ts";
import { run, tail, waitFor } from "./proc.ts";

export const pgBin = "/usr/lib/postgresql/15/bin";
const aptPackages = [
  "postgresql-15",
  "postgresql-contrib",
  "postgresql-15-pgtap",
  "postgresql-15-cron",
  "postgresql-15-plpgsql-check",
  "libtap-parser-sourcehandler-pgtap-perl",
];
const extensionDir = "/usr/share/postgresql/15/extension";

function missingPieces(): string[] {
  const missing: string[] = [];
  if (!existsSync(path.join(pgBin, "postgres"))) missing.push("postgresql-15");
  if (!existsSync(path.join(extensionDir, "pgtap.control"))) missing.push("postgresql-15-pgtap");
  if (!existsSync(path.join(extensionDir, "pg_cron.control"))) missing.push("postgresql-15-cron");
  if (!existsSync(path.join(extensionDir, "plpgsql_check.control"))) missing.push("postgresql-15-plpgsql-check");
  if (!existsSync(path.join(extensionDir, "pg_trgm.control"))) missing.push("postgresql-contrib");
  if (spawnSync("sh", ["-c", "command -v pg_prove"]).status !== 0) missing.push("libtap-parser-sourcehandler-pgtap-perl");
  return missing;
}

const isRoot = () => process.getuid?.() === 0;

/** Installs PostgreSQL 15 and its extensions from Debian's packages when missing and we may. */
export function ensurePostgresInstalled(): void {
  const missing = missingPieces();
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y ${aptPackages.join(" ")}`;
  if (!isRoot()) {
    throw new StackError(`PostgreSQL 15 pieces are missing: ${missing.join(", ")}.`, `Install them with: sudo sh -c '${command}'`);
  }
  log.step(`Installing ${missing.join(", ")} from Debian's packages…`);
  run("sh", ["-c", `DEBIAN_FRONTEND=noninteractive ${command}`], { what: "apt-get install" });
  const still = missingPieces();
  if (still.length) throw new StackError(`Still missing after apt-get: ${still.join(", ")}.`);
}

/** Postgres refuses to run as root: as root we run its binaries as the `postgres` system user. */
function asPgUser(cmd: string, args: string[]): [string, string[]] {
  return isRoot() ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args];
}

function giveToPgUser(dir: string): void {
  if (!isRoot()) return;
  const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
  chownSync(dir, uid, gid);
}

export interface Cluster {
  dataDir: string;
  port: number;
  url: string;
  /** URL for a login role other than postgres (authenticator, supabase_auth_admin, …). */
  urlFor(user: string, password?: string): string;
  stop(): Promise<void>;
}

export function clusterUrl(port: number, user = "postgres", password = localDbPassword): string {
  return `postgresql://${user}:${password}@127.0.0.1:${port}/postgres`;
}

/** Creates a cluster when the folder is empty; refuses a folder from another PostgreSQL major. */
export function initCluster(home: string): { dataDir: string; created: boolean } {
  const dataDir = path.join(home, "pgdata");
  const versionFile = path.join(dataDir, "PG_VERSION");
  if (existsSync(versionFile)) {
    const version = readFileSync(versionFile, "utf8").trim();
    if (version !== "15") {
      throw new StackError(
        `The data folder ${dataDir} was made by PostgreSQL ${version}, this stack runs 15.`,
        "Rebuild it with `npm run db:reset` (this deletes the local data).",
      );
    }
    return { dataDir, created: false };
  }
  mkdirSync(home, { recursive: true });
  // The postgres user must reach files in home (mkdtemp makes it 0700).
  if (isRoot()) chmodSync(home, 0o755);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  giveToPgUser(dataDir);
  const pwfile = path.join(home, ".pwfile");
  writeFileSync(pwfile, `${localDbPassword}\n`, { mode: 0o644 });
  const [cmd, args] = asPgUser(path.join(pgBin, "initdb"), [
    "-D",
    dataDir,
    "-U",
    "postgres",
    "--pwfile",
    pwfile,
    "--auth-host=scram-sha-256",
    "--auth-local=trust",
    "-E",
    "UTF8",
    "--locale=C.UTF-8",
  ]);
  run(cmd, args, { what: "initdb" });
  return { dataDir, created: true };
}

export async function startCluster(
  home: string,
  dataDir: string,
  port: number,
  { ephemeral = false }: { ephemeral?: boolean } = {},
): Promise<Cluster> {
  const runDir = path.join(home, "run");
  mkdirSync(runDir, { recursive: true });
  giveToPgUser(runDir);
  const logFile = path.join(home, "postgres.log");
  if (!existsSync(logFile)) writeFileSync(logFile, "");
  giveToPgUser(logFile);
  const settings = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    `-c unix_socket_directories=${runDir}`,
    "-c wal_level=logical",
    "-c max_replication_slots=10",
    "-c max_wal_senders=10",
    "-c shared_preload_libraries=pg_cron,pg_stat_statements",
    "-c cron.database_name=postgres",
    "-c max_connections=300",
  ];
  // A throw-away test cluster need not survive a power cut; the dev cluster keeps fsync on.
  if (ephemeral) settings.push("-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off");
  const [cmd, args] = asPgUser(path.join(pgBin, "pg_ctl"), [
    "-D",
    dataDir,
    "-o",
    settings.join(" "),
    "-l",
    logFile,
    "-w",
    "-t",
    "60",
    "start",
  ]);
  const result = spawnSync(cmd, args, { encoding: "utf8" });
  if (result.status !== 0) {
    throw new StackError(`PostgreSQL did not start on port ${port}.`, tail(logFile));
  }
  const url = clusterUrl(port);
  await waitFor("PostgreSQL", async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.end();
    return true;
  });
  return {
    dataDir,
    port,
    url,
    urlFor: (user, password = localDbPassword) => clusterUrl(port, user, password),
    async stop() {
      const [c, a] = asPgUser(path.join(pgBin, "pg_ctl"), ["-D", dataDir, "-m", "fast", "-w", "stop"]);
      spawnSync(c, a, { encoding: "utf8" });
    },
  };
}

/** Runs SQL as the cluster's superuser, one statement batch, failing loudly. */
export async function sql(url: string, text: string): Promise<pg.QueryResult[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query(text);
    return Array.isArray(result) ? result : [result];
  } finally {
    await client.end();
  }
}
