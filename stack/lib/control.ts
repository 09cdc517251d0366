// Test-only control server: lets the vitest process (a child of `npm test`) stop and start stack
// services for fault tests. 127.0.0.1 only, a random port and a random secret; `npm run dev` never
// starts it. POST /services/<rest|fn:NAME|database>/<stop|start> with header x-control-secret.
import { randomBytes, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { startCluster } from "./postgres.ts";
import { portOpen, waitFor } from "./proc.ts";
import type { Stack } from "./stack.ts";

export interface ControlServer {
  url: string;
  secret: string;
  close(): Promise<void>;
}

export async function startControl(stack: Stack, { ephemeral }: { ephemeral: boolean }): Promise<ControlServer> {
  const secret = randomBytes(24).toString("hex");
  // One action at a time: a stop racing a start of the same service would leave it undefined.
  let queue: Promise<unknown> = Promise.resolve();

  const act = async (name: string, action: "stop" | "start"): Promise<void> => {
    if (name === "database") {
      if (action === "stop") await stack.cluster.stop();
      else if (!(await portOpen(stack.cluster.port))) {
        await startCluster(stack.info.home, stack.cluster.dataDir, stack.cluster.port, { ephemeral });
      }
      return;
    }
    if (!stack.services.has(name)) throw new Error(`No service named ${name}`);
    if (action === "stop") await stack.services.get(name)?.stop();
    else await stack.restart(name);
    if (action === "start") await waitFor(name, async () => stack.services.get(name)?.child.exitCode === null);
  };

  const server = http.createServer((req, res) => {
    const given = Buffer.from(String(req.headers["x-control-secret"] ?? ""));
    const expected = Buffer.from(secret);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return send(401, { error: "bad secret" });
    const match = /^\/services\/([^/]+)\/(stop|start)$/.exec(decodeURIComponent(new URL(req.url ?? "/", "http://control").pathname));
    if (req.method !== "POST" || !match?.[1] || !match[2]) return send(404, { error: "POST /services/<name>/<stop|start>" });
    const [, name, action] = match as unknown as [string, string, "stop" | "start"];
    const run = queue.then(() => act(name, action));
    queue = run.catch(() => {});
    run.then(
      () => send(200, { service: name, action }),
      (err: Error) => send(500, { error: err.message }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    secret,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
