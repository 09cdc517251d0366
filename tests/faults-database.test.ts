// Faults: the database goes away. The health function reports `degraded` (503) while it is down and
// `ok` once it is back; REST recovers on its own. No direct database pool here: the cluster's
// restart would kill its idle connections under the test.
import { afterAll, describe, expect, it } from "vitest";
import { control, eventually, restReady } from "./helpers/control.ts";
import { env } from "./helpers/stack.ts";

afterAll(async () => {
  await control("database", "start").catch(() => {});
  await eventually("PostgREST after the database restart", restReady);
});

// The service role gets the details (anonymous callers only up or down).
async function health(
  headers: Record<string, string> = { authorization: `Bearer ${env.serviceRoleKey}` },
): Promise<{ status: number; body: { status?: string; database?: { reachable?: boolean } } }> {
  const response = await fetch(`${env.url}/functions/v1/health`, { headers });
  return { status: response.status, body: (await response.json()) as { status?: string; database?: { reachable?: boolean } } };
}

describe("database faults", () => {
  it("health says degraded while the database is stopped and ok after it restarts", async () => {
    expect((await health()).body.status).toBe("ok");

    await control("database", "stop");
    const down = await health();
    expect(down.status).toBe(503);
    expect(down.body.status).toBe("degraded");
    expect(down.body.database?.reachable).toBe(false);
    expect(await health({})).toEqual({ status: 503, body: { status: "degraded" } });

    await control("database", "start");
    await eventually("health", async () => (await health()).status === 200);
    const up = await health();
    expect(up.body.status).toBe("ok");
    expect(up.body.database?.reachable).toBe(true);
    await eventually("PostgREST", restReady);
  });
});
