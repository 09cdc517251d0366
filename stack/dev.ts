// `npm run dev`: the local stack in the foreground, like `supabase start` + `supabase status`.
// Data lives in .stack/dev and survives restarts; Ctrl-C stops every process. Functions reload when
// their files change; the gateway prints one line per request.
// `npm run dev -- --docker` runs the real `supabase start` instead (needs Docker).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { binDir, root, stackHome } from "./lib/config.ts";
import { log, runMain, StackError } from "./lib/log.ts";
import { devPorts, startStack } from "./lib/stack.ts";
import { clearStatus, formatStatus, saveStatus } from "./lib/status.ts";

await runMain(async () => {
  if (process.argv.includes("--docker")) {
    const result = spawnSync(path.join(binDir, "supabase"), ["start"], { cwd: root, stdio: "inherit" });
    return result.status ?? 1;
  }
  const home = path.join(stackHome, "dev");
  const stack = await startStack({
    home,
    ports: await devPorts(),
    ephemeral: false,
    watchFunctions: true,
    accessLog: (line) => log.plain(`  ${line}`),
  });
  const { info } = stack;
  log.ok("GatherHub local stack is running (Docker-free mode).");
  log.plain(`\n${formatStatus(info)}.  Press Ctrl-C to stop; \`npm run status\` prints this again.\n`);
  saveStatus(info);
  let stopping = false;
  await new Promise<void>((resolve) => {
    const shutdown = () => {
      if (stopping) return;
      stopping = true;
      log.step("Stopping…");
      clearStatus(home);
      stack.stop().then(resolve, resolve);
    };
    process.on("SIGINT", shutdown);
    process.on("SIGTERM", shutdown);
    process.on("SIGHUP", shutdown);
  });
  log.ok("Stopped.");
  if (stopping) return 0;
  throw new StackError("unreachable");
});
