// `npm run db:reset`: deletes the dev database and rebuilds it from migrations + seed.
// The only command that deletes local data; it refuses while `npm run dev` is running.
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { stackHome } from "./lib/config.ts";
import { log, runMain, StackError } from "./lib/log.ts";
import { devPorts, prepareDatabase } from "./lib/stack.ts";

await runMain(async () => {
  const home = path.join(stackHome, "dev");
  const pidFile = path.join(home, "pgdata", "postmaster.pid");
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = true;
    } catch {
      alive = false;
    }
    if (alive)
      throw new StackError("The dev database is running.", "Stop `npm run dev` (Ctrl-C) first, then run `npm run db:reset` again.");
  }
  log.step(`Deleting ${home}`);
  rmSync(home, { recursive: true, force: true });
  const cluster = await prepareDatabase(home, (await devPorts()).db, { ephemeral: false, seed: true, say: log.step });
  await cluster.stop();
  log.ok("Database rebuilt from migrations and seed.");
});
