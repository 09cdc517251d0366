// Child processes of the stack: spawned with their output in a log file, all stopped together.
import { type ChildProcess, type SpawnOptions, spawn, spawnSync } from "node:child_process";
import { createWriteStream, readFileSync } from "node:fs";
import net from "node:net";
import { StackError } from "./log.ts";

export interface Service {
  name: string;
  child: ChildProcess;
  logFile: string;
  stop(): Promise<void>;
}

const running = new Set<Service>();

export function startService(name: string, command: string, args: string[], options: SpawnOptions & { logFile: string }): Service {
  const out = createWriteStream(options.logFile, { flags: "w" });
  const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"], detached: true });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const service: Service = {
    name,
    child,
    logFile: options.logFile,
    async stop() {
      running.delete(service);
      if (child.exitCode !== null || child.signalCode !== null) return;
      killGroup(child, "SIGTERM");
      const timer = setTimeout(() => killGroup(child, "SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
  child.once("error", () => running.delete(service));
  running.add(service);
  return service;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].reverse().map((s) => s.stop()));
}

/** Last lines of a service's log, for error messages. */
export function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

export function isPortFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function assertPortsFree(ports: Record<string, number>): Promise<void> {
  for (const [what, port] of Object.entries(ports)) {
    if (!(await isPortFree(port))) {
      throw new StackError(
        `Port ${port} (${what}) is already in use.`,
        `Stop whatever listens there (\`ss -ltnp 'sport = :${port}'\` shows it), or another \`npm run dev\`.`,
      );
    }
  }
}

export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  { timeoutMs = 60_000, service }: { timeoutMs?: number; service?: Service } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service && service.child.exitCode !== null) {
      throw new StackError(`${what} exited during start-up (code ${service.child.exitCode}).`, tail(service.logFile));
    }
    try {
      if (await check()) return;
    } catch {
      // not ready yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new StackError(`${what} did not become ready within ${timeoutMs / 1000}s.`, service ? tail(service.logFile) : undefined);
}

export function portOpen(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, host);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Runs a command to completion; throws a StackError with its output when it fails. */
export function run(command: string, args: string[], options: SpawnOptions & { what?: string } = {}): string {
  const result = spawnSync(command, args, { ...options, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new StackError(`${options.what ?? command} could not run: ${result.error.message}`);
  if (result.status !== 0) {
    const lines = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim().split("\n");
    // Long outputs (a failing migration echoes its whole SQL) keep the error lines and the end.
    const errors = lines.filter((l) => /\b(ERROR|error|FATAL)\b/.test(l)).slice(0, 5);
    const output = [...errors, ...(errors.length ? ["…"] : []), ...lines.slice(-20)].join("\n");
    throw new StackError(`${options.what ?? command} failed (exit ${result.status}).`, output);
  }
  return result.stdout ?? "";
}
