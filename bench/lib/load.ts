// Load drivers: autocannon (HTTP through the gateway) and pgbench (the same SQL straight to
// Postgres). Both report throughput and latency percentiles in the same shape.
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { binDir, root } from "../../stack/lib/config.ts";
import { pgBin } from "../../stack/lib/postgres.ts";

const exec = promisify(execFile);

export interface HttpRequestSpec {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoadSpec {
  url: string;
  connections: number;
  /** Either a duration or a fixed number of requests (bounded both ways). */
  seconds?: number;
  amount?: number;
  requests: HttpRequestSpec[];
}

export interface Measurement {
  tool: "autocannon" | "pgbench";
  requests: number;
  seconds: number;
  throughput: number;
  p50: number;
  p99: number;
  /** Non-2xx answers or transport errors (pgbench: failed transactions). */
  failures: number;
  statusCodes?: Record<string, number>;
}

export async function http(spec: LoadSpec): Promise<Measurement> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "gatherhub-bench-"));
  try {
    const file = path.join(dir, "spec.json");
    writeFileSync(file, JSON.stringify(spec));
    const { stdout } = await exec(path.join(binDir, "tsx"), [path.join(root, "bench", "lib", "autocannon-child.ts"), file], {
      maxBuffer: 64 * 1024 * 1024,
      timeout: ((spec.seconds ?? 60) + 120) * 1000,
    });
    return JSON.parse(stdout) as Measurement;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** Runs a pgbench script file for a fixed time; latencies come from its per-transaction log. */
export async function pgbench(
  dbUrl: string,
  script: string,
  { clients, seconds }: { clients: number; seconds: number },
): Promise<Measurement> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "gatherhub-pgbench-"));
  try {
    const file = path.join(dir, "script.sql");
    writeFileSync(file, script);
    const args = [
      "-n",
      "-M",
      "simple",
      "-f",
      file,
      "-c",
      String(clients),
      "-j",
      "2",
      "-T",
      String(seconds),
      "-l",
      `--log-prefix=${path.join(dir, "tx")}`,
    ];
    await exec(path.join(pgBin, "pgbench"), [...args, dbUrl], { cwd: dir, timeout: (seconds + 60) * 1000 });
    // Log lines: client_id transaction_no latency_us script_no epoch_s epoch_us
    const latencies: number[] = [];
    let first = Number.POSITIVE_INFINITY;
    let last = 0;
    for (const name of readdirSync(dir).filter((f) => f.startsWith("tx."))) {
      for (const line of readFileSync(path.join(dir, name), "utf8").split("\n")) {
        const f = line.trim().split(/\s+/);
        if (f.length < 6) continue;
        const latencyMs = Number(f[2]) / 1000;
        const end = Number(f[4]) + Number(f[5]) / 1e6;
        latencies.push(latencyMs);
        first = Math.min(first, end - latencyMs / 1000);
        last = Math.max(last, end);
      }
    }
    latencies.sort((a, b) => a - b);
    const span = Math.max(last - first, 1e-6);
    return {
      tool: "pgbench",
      requests: latencies.length,
      seconds: span,
      throughput: latencies.length / span,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      failures: 0,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
