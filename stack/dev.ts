// `npm run dev`: the local stack in the foreground, like `supabase start` + `supabase status`.
// Data lives in .stack/dev and survives restarts; Ctrl-C stops every process.
// `npm run dev -- --docker` runs the real `supabase start` instead (needs Docker).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { binDir, root, stackHome } from "./lib/config.ts";
import { log, runMain, StackError } from "./lib/log.ts";
import { devPorts, startStack } from "./lib/stack.ts";

await runMain(async () => {
  if (process.argv.includes("--docker")) {
    const result = spawnSync(path.join(binDir, "supabase"), ["start"], { cwd: root, stdio: "inherit" });
    return result.status ?? 1;
  }
  const stack = await startStack({ home: path.join(stackHome, "dev"), ports: await devPorts(), ephemeral: false });
  const { info } = stack;
  log.ok("GatherHub local stack is running (Docker-free mode).");
  log.plain(
    [
      "",
      `         API URL: ${info.apiUrl}`,
      `     REST API URL: ${info.apiUrl}/rest/v1`,
      `     Auth API URL: ${info.apiUrl}/auth/v1`,
      `  Functions URL: ${info.apiUrl}/functions/v1`,
      `          DB URL: ${info.dbUrl}`,
      `     Mail UI URL: ${info.mailUrl}`,
      `       SMTP port: ${info.smtpPort}`,
      `      JWT secret: ${info.jwtSecret}`,
      `        anon key: ${info.anonKey}`,
      `service_role key: ${info.serviceRoleKey}`,
      "",
      `Logs: ${path.join(info.home, "logs")}.  Press Ctrl-C to stop.`,
    ].join("\n"),
  );
  let stopping = false;
  await new Promise<void>((resolve) => {
    const shutdown = () => {
      if (stopping) return;
      stopping = true;
      log.step("Stopping…");
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
