// Supabase Auth (GoTrue) in the Docker-free stack: built once from its source at a pinned commit,
// cached under .stack/bin, migrated as supabase_auth_admin, configured from supabase/config.toml
// [auth] the way `supabase start` configures its Auth container.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { authSection, envValue, readConfig, root, stackHome } from "./config.ts";
import { log, StackError } from "./log.ts";
import { run } from "./proc.ts";

/** github.com/supabase/auth at this commit; ../shared/vendor holds the same tree as an archive. */
export const authCommit = "bc32168e13fdc928c98b449fc76bc3fdb9a293c5";
const short = authCommit.slice(0, 12);
const minimumGo = [1, 26];
const archiveName = `supabase-auth-${short}.tar.gz`;

/** Folder with the `auth` binary and Auth's own SQL migrations, keyed by commit. */
export const authHome = path.join(stackHome, "bin", `auth-${short}`);
export const authBinary = path.join(authHome, "auth");

type Toml = Record<string, unknown>;

function goVersion(): number[] | null {
  const result = spawnSync("go", ["version"], { encoding: "utf8" });
  const match = /go(\d+)\.(\d+)/.exec(result.stdout ?? "");
  return match ? [Number(match[1]), Number(match[2])] : null;
}

/** Where the Auth source comes from: GATHERHUB_AUTH_SRC, the vendored archive, else GitHub. */
function sourceCandidates(): { kind: "dir" | "archive" | "git"; where: string }[] {
  const list: { kind: "dir" | "archive" | "git"; where: string }[] = [];
  const given = process.env.GATHERHUB_AUTH_SRC;
  if (given) list.push({ kind: existsSync(given) && statSync(given).isDirectory() ? "dir" : "archive", where: given });
  const vendored = path.resolve(root, "..", "shared", "vendor", archiveName);
  if (existsSync(vendored)) list.push({ kind: "archive", where: vendored });
  list.push({ kind: "git", where: "https://github.com/supabase/auth" });
  return list;
}

/** Builds Supabase Auth once per commit; later calls return at once. */
export function ensureAuthBuilt(say: (msg: string) => void = log.step): string {
  if (existsSync(authBinary) && existsSync(path.join(authHome, "migrations"))) return authBinary;
  const go = goVersion();
  if (!go || go[0]! < minimumGo[0]! || (go[0] === minimumGo[0] && go[1]! < minimumGo[1]!)) {
    throw new StackError(
      `Supabase Auth needs Go ≥ ${minimumGo.join(".")} to build (found ${go ? go.join(".") : "no go on PATH"}).`,
      "Install Go from https://go.dev/dl/ (or your package manager), then run the command again.",
    );
  }
  mkdirSync(path.dirname(authHome), { recursive: true });
  const work = mkdtempSync(path.join(path.dirname(authHome), `auth-build-${short}-`));
  try {
    const [source] = sourceCandidates();
    if (!source) throw new StackError("No Supabase Auth source found.");
    let srcDir = path.join(work, "src");
    if (source.kind === "dir") srcDir = source.where;
    else if (source.kind === "archive") {
      mkdirSync(srcDir);
      run("tar", ["-xzf", source.where, "-C", srcDir, "--strip-components=1"], { what: `extracting ${source.where}` });
    } else {
      run("git", ["clone", "--quiet", source.where, srcDir], { what: "git clone github.com/supabase/auth" });
      run("git", ["checkout", "--quiet", authCommit], { cwd: srcDir, what: `git checkout ${short}` });
    }
    say(`Building Supabase Auth ${short} from ${source.where} (once; about 2 minutes)`);
    const started = Date.now();
    const staged = path.join(work, "out");
    mkdirSync(staged);
    run("go", ["build", "-trimpath", "-o", path.join(staged, "auth"), "."], {
      cwd: srcDir,
      env: { ...process.env, CGO_ENABLED: "0" },
      what: "go build (Supabase Auth)",
    });
    // Auth applies these itself (`auth migrate`); they are Auth's, kept beside its binary.
    cpSync(path.join(srcDir, "migrations"), path.join(staged, "migrations"), { recursive: true });
    rmSync(authHome, { recursive: true, force: true });
    renameSync(staged, authHome);
    say(`Supabase Auth built in ${Math.round((Date.now() - started) / 1000)}s → ${path.relative(root, authBinary)}`);
    return authBinary;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Replaces the origin `supabase start` would use (api port, host.docker.internal) by the gateway's. */
function localUrl(value: string, config: Toml, apiUrl: string): string {
  const port = String((config.api as Toml | undefined)?.port ?? 54321);
  for (const host of ["127.0.0.1", "localhost", "host.docker.internal", "kong"]) {
    for (const scheme of ["http", "https"]) {
      const origin = `${scheme}://${host}:${port}`;
      if (value.startsWith(origin)) return apiUrl + value.slice(origin.length);
    }
  }
  return value;
}

// As the Supabase CLI maps [auth] password_requirements.
const passwordRequirements: Record<string, string> = {
  "": "",
  letters_digits: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ:0123456789",
  lower_upper_letters_digits: "abcdefghijklmnopqrstuvwxyz:ABCDEFGHIJKLMNOPQRSTUVWXYZ:0123456789",
  lower_upper_letters_digits_symbols:
    "abcdefghijklmnopqrstuvwxyz:ABCDEFGHIJKLMNOPQRSTUVWXYZ:0123456789:!@#$%^&*()_+-=[]{};'\\\\:\"|<>?,./`~",
};

function seconds(value: unknown, fallback: string): string {
  return typeof value === "string" && value ? value : fallback;
}

export interface AuthEnvOptions {
  /** The gateway's origin: Auth's external URL is `${apiUrl}/auth/v1`. */
  apiUrl: string;
  port: number;
  /** postgresql:// URL of the database as supabase_auth_admin. */
  dbUrl: string;
  jwtSecret: string;
  smtpPort: number;
}

/**
 * Auth's environment derived from config.toml [auth] — the single source of truth, as
 * `supabase start` derives its Auth container's. Local-only differences are marked.
 */
export function authEnv(options: AuthEnvOptions, config: Toml = readConfig()): Record<string, string> {
  const auth = authSection(config);
  const email = authSection(config, "email");
  const limits = authSection(config, "rate_limit");
  const hooks = authSection(config, "hook");
  const external = authSection(config, "external");
  const external_url = `${options.apiUrl}/auth/v1`;
  const bool = (v: unknown, fallback: boolean) => String(typeof v === "boolean" ? v : fallback);
  const list = (v: unknown) => (Array.isArray(v) ? v.map((x) => localUrl(String(x), config, options.apiUrl)).join(",") : "");

  const env: Record<string, string> = {
    GOTRUE_API_HOST: "127.0.0.1",
    GOTRUE_API_PORT: String(options.port),
    API_EXTERNAL_URL: external_url,
    GOTRUE_DB_DRIVER: "postgres",
    GOTRUE_DB_DATABASE_URL: options.dbUrl,
    GOTRUE_DB_MIGRATIONS_PATH: path.join(authHome, "migrations"),
    GOTRUE_SITE_URL: String(auth.site_url ?? "http://127.0.0.1:3000"),
    GOTRUE_URI_ALLOW_LIST: list(auth.additional_redirect_urls),
    GOTRUE_DISABLE_SIGNUP: String(auth.enable_signup === false),
    GOTRUE_JWT_ADMIN_ROLES: "service_role",
    GOTRUE_JWT_AUD: "authenticated",
    // Deprecated upstream, but without it Auth issues tokens with role "" instead of authenticated.
    GOTRUE_JWT_DEFAULT_GROUP_NAME: "authenticated",
    GOTRUE_JWT_EXP: String(auth.jwt_expiry ?? 3600),
    GOTRUE_JWT_SECRET: options.jwtSecret,
    GOTRUE_JWT_ISSUER: external_url,
    GOTRUE_EXTERNAL_EMAIL_ENABLED: bool(email.enable_signup, true),
    GOTRUE_MAILER_SECURE_EMAIL_CHANGE_ENABLED: bool(email.double_confirm_changes, true),
    GOTRUE_MAILER_AUTOCONFIRM: String(email.enable_confirmations === false),
    GOTRUE_MAILER_OTP_LENGTH: String(email.otp_length ?? 6),
    GOTRUE_MAILER_OTP_EXP: String(email.otp_expiry ?? 3600),
    GOTRUE_EXTERNAL_ANONYMOUS_USERS_ENABLED: bool(auth.enable_anonymous_sign_ins, false),
    GOTRUE_SMTP_MAX_FREQUENCY: seconds(email.max_frequency, "1s"),
    GOTRUE_MAILER_URLPATHS_INVITE: `${external_url}/verify`,
    GOTRUE_MAILER_URLPATHS_CONFIRMATION: `${external_url}/verify`,
    GOTRUE_MAILER_URLPATHS_RECOVERY: `${external_url}/verify`,
    GOTRUE_MAILER_URLPATHS_EMAIL_CHANGE: `${external_url}/verify`,
    // Local only, as `supabase start` does: Auth's email limit is one bucket for the whole process,
    // and every local email goes to the mail catcher. Hosted projects use [auth.rate_limit] email_sent.
    GOTRUE_RATE_LIMIT_EMAIL_SENT: "360000",
    GOTRUE_PASSWORD_MIN_LENGTH: String(auth.minimum_password_length ?? 6),
    GOTRUE_PASSWORD_REQUIRED_CHARACTERS: passwordRequirements[String(auth.password_requirements ?? "")] ?? "",
    GOTRUE_SECURITY_REFRESH_TOKEN_ROTATION_ENABLED: bool(auth.enable_refresh_token_rotation, true),
    GOTRUE_SECURITY_REFRESH_TOKEN_REUSE_INTERVAL: String(auth.refresh_token_reuse_interval ?? 10),
    GOTRUE_SECURITY_UPDATE_PASSWORD_REQUIRE_REAUTHENTICATION: bool(email.secure_password_change, false),
    // Per-IP limits of [auth.rate_limit], keyed like hosted projects on the client address that the
    // edge (here: the gateway) puts first in X-Forwarded-For.
    GOTRUE_RATE_LIMIT_HEADER: "X-Forwarded-For",
    GOTRUE_RATE_LIMIT_OTP: String(limits.sign_in_sign_ups ?? 30),
    GOTRUE_RATE_LIMIT_VERIFY: String(limits.token_verifications ?? 30),
    GOTRUE_RATE_LIMIT_TOKEN_REFRESH: String(limits.token_refresh ?? 150),
    GOTRUE_RATE_LIMIT_ANONYMOUS_USERS: String(limits.anonymous_users ?? 30),
    GOTRUE_RATE_LIMIT_SMS_SENT: String(limits.sms_sent ?? 30),
    GOTRUE_SMTP_HOST: "127.0.0.1",
    GOTRUE_SMTP_PORT: String(options.smtpPort),
    GOTRUE_SMTP_ADMIN_EMAIL: "no-reply@gatherhub.local",
    GOTRUE_SMTP_SENDER_NAME: "GatherHub",
    GOTRUE_LOG_LEVEL: "info",
  };

  // Hooks: the Postgres one as configured; HTTP ones pointed at this stack's gateway over http,
  // which Auth accepts for 127.0.0.1/localhost only.
  const hookEnv: Record<string, string> = {
    custom_access_token: "CUSTOM_ACCESS_TOKEN",
    send_email: "SEND_EMAIL",
    send_sms: "SEND_SMS",
    mfa_verification_attempt: "MFA_VERIFICATION_ATTEMPT",
    password_verification_attempt: "PASSWORD_VERIFICATION_ATTEMPT",
    before_user_created: "BEFORE_USER_CREATED",
  };
  for (const [name, key] of Object.entries(hookEnv)) {
    const hook = (hooks[name] ?? {}) as Toml;
    if (hook.enabled !== true) continue;
    env[`GOTRUE_HOOK_${key}_ENABLED`] = "true";
    env[`GOTRUE_HOOK_${key}_URI`] = localUrl(String(hook.uri ?? ""), config, options.apiUrl);
    if (hook.secrets) env[`GOTRUE_HOOK_${key}_SECRETS`] = envValue(hook.secrets);
  }

  for (const [name, value] of Object.entries(external)) {
    const provider = value as Toml;
    const key = name.toUpperCase();
    env[`GOTRUE_EXTERNAL_${key}_ENABLED`] = String(provider.enabled === true);
    env[`GOTRUE_EXTERNAL_${key}_CLIENT_ID`] = envValue(provider.client_id);
    env[`GOTRUE_EXTERNAL_${key}_SECRET`] = envValue(provider.secret);
    env[`GOTRUE_EXTERNAL_${key}_SKIP_NONCE_CHECK`] = String(provider.skip_nonce_check === true);
    env[`GOTRUE_EXTERNAL_${key}_REDIRECT_URI`] = provider.redirect_uri
      ? localUrl(envValue(provider.redirect_uri), config, options.apiUrl)
      : `${external_url}/callback`;
    if (provider.url) env[`GOTRUE_EXTERNAL_${key}_URL`] = envValue(provider.url);
  }
  return env;
}

/** Applies Auth's own migrations to the `auth` schema, connected as supabase_auth_admin. */
export function migrateAuth(dbUrl: string): void {
  run(authBinary, ["migrate"], {
    cwd: authHome,
    env: {
      PATH: process.env.PATH ?? "",
      GOTRUE_DB_DRIVER: "postgres",
      GOTRUE_DB_DATABASE_URL: dbUrl,
      GOTRUE_DB_MIGRATIONS_PATH: path.join(authHome, "migrations"),
      // Required by Auth's configuration loader even for `migrate`; unused by it.
      GOTRUE_JWT_SECRET: "unused-by-migrate-but-required-by-the-loader",
      GOTRUE_SITE_URL: "http://127.0.0.1",
      API_EXTERNAL_URL: "http://127.0.0.1",
    },
    what: "auth migrate (Supabase Auth's migrations)",
  });
}
