// `npm run status`: prints the URLs and keys of the running `npm run dev` stack again.
import path from "node:path";
import { stackHome } from "./lib/config.ts";
import { log, runMain, StackError } from "./lib/log.ts";
import { formatStatus, readStatus } from "./lib/status.ts";

await runMain(async () => {
  // GATHERHUB_DEV_HOME: another stack folder (tests use a temporary one).
  const status = readStatus(process.env.GATHERHUB_DEV_HOME ?? path.join(stackHome, "dev"));
  let running = false;
  if (status) {
    try {
      process.kill(status.pid, 0);
      running = true;
    } catch {
      running = false;
    }
  }
  if (!status || !running) throw new StackError("The local stack is not running.", "Start it with `npm run dev`.");
  log.ok(`GatherHub local stack is running (Docker-free mode, pid ${status.pid}).`);
  log.plain(`\n${formatStatus(status)}`);
  return 0;
});
