// Where the CPU goes during a load run (Linux /proc): PostgreSQL (postmaster and backends),
// PostgREST, edge functions (Deno), the gateway (this process) and the load generator (this process's finished children:
// autocannon or pgbench). Divided by the requests served, it names the bottleneck of an API path.
import { readdirSync, readFileSync } from "node:fs";

const tickMs = 10; // USER_HZ is 100 on Linux

interface Stat {
  ppid: number;
  own: number;
  children: number;
}

function stat(pid: number): Stat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = text.slice(text.lastIndexOf(")") + 2).split(" ");
    const n = (i: number) => Number(f[i] ?? 0) * tickMs;
    return { ppid: Number(f[1]), own: n(11) + n(12), children: n(13) + n(14) };
  } catch {
    return null;
  }
}

/** CPU ms of a process, its reaped children and every live descendant. */
function treeMs(root: number): number {
  const all = new Map<number, Stat>();
  for (const name of readdirSync("/proc")) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const s = stat(pid);
    if (s) all.set(pid, s);
  }
  let total = 0;
  const queue = [root];
  while (queue.length) {
    const pid = queue.pop() as number;
    const s = all.get(pid);
    if (!s) continue;
    total += s.own + s.children;
    for (const [child, cs] of all) if (cs.ppid === pid) queue.push(child);
  }
  return total;
}

export interface CpuPids {
  postmaster: number;
  postgrest: number;
  /** Edge function processes (Deno), when the path goes through one. */
  functions?: number[];
}

export type CpuSplit = Record<"postgres" | "postgrest" | "functions" | "gateway" | "loadGenerator", number>;

function sample(pids: CpuPids): CpuSplit {
  const self = stat(process.pid);
  return {
    postgres: treeMs(pids.postmaster),
    postgrest: treeMs(pids.postgrest),
    functions: (pids.functions ?? []).reduce((sum, pid) => sum + treeMs(pid), 0),
    gateway: self?.own ?? 0,
    loadGenerator: self?.children ?? 0,
  };
}

/** Runs `work` and returns the CPU ms each part spent on it. */
export async function cpuOf<T>(pids: CpuPids, work: () => Promise<T>): Promise<[T, CpuSplit]> {
  const before = sample(pids);
  const result = await work();
  const after = sample(pids);
  const split = Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - before[k as keyof CpuSplit]])) as CpuSplit;
  return [result, split];
}

/** CPU ms per request of each part, summed over runs that served `requests` requests in all. */
export function perRequest(splits: CpuSplit[], requests: number): CpuSplit {
  const keys = ["postgres", "postgrest", "functions", "gateway", "loadGenerator"] as const;
  return Object.fromEntries(keys.map((k) => [k, splits.reduce((sum, c) => sum + c[k], 0) / Math.max(requests, 1)])) as CpuSplit;
}
