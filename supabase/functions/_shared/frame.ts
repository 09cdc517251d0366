// The one frame every edge function is written in. A function declares its routes; each route
// declares who may call it (auth), what its input is (a zod schema from the contract) and how large
// its body may be; the frame does the rest, the same way everywhere:
//   CORS (preflight and headers) → route (404 / 405) → auth → body read with a cap on the stream
//   (413) → JSON parse (400 bad_request) → validation (400 invalid_input, every field) → handler →
//   errors in one shape { "error": { code, message, details } }: HttpErrors as they are, database
//   refusals through the contract's table (apiErrorOf), anything else a 500 with nothing internal.
//
// Auth modes (the vocabulary of @supabase/server, see README "Edge functions"):
//   user    a signed-in user's access token. ctx.supabase acts as that user through PostgREST, which
//           verifies the token on every call (signature, expiry) and applies RLS and the write
//           limits; ctx.user() is the verified identity (one PostgREST read, memoised) for the rare
//           handler that must act beyond the caller with the service role.
//   secret  the service-role key itself, compared in constant time (nothing decoded is trusted).
//   webhook no JWT: the handler verifies the caller's signature over ctx.body (Stripe, Standard
//           Webhooks); the frame only caps and reads the raw body.
//   none    anyone (uptime checks, calendar apps, one-click unsubscribe); ctx.supabase is anon.
// Database writes go one way: PostgREST RPCs through ctx.supabase (as the caller) or ctx.admin
// (service role, for work beyond any caller), via call() below.

import { apiErrorOf, type Database, fieldErrors } from "@gatherhub/contract";
import { PostgrestClient } from "@supabase/postgrest-js";
import type { z } from "zod";
import { corsHeaders, errorResponse, HttpError } from "./errors.ts";

export type AuthMode = "user" | "secret" | "webhook" | "none";
/**
 * A PostgREST client (`.from`, `.rpc`): all a function needs of supabase-js, without building an
 * Auth, Storage and Realtime client per request (createClient costs ~0.1 ms of CPU each time).
 */
export type Db = PostgrestClient<Database>;
type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Bodies of JSON API calls. */
export const jsonBodyLimit = 64 * 1024;

export interface CallingUser {
  id: string;
  role: Database["public"]["Enums"]["user_role"] | null;
}

export interface Context<I> {
  req: Request;
  url: URL;
  /** Named segments of the route's path (`/:event_id` → params.event_id). */
  params: Record<string, string>;
  /** The validated input (body, or the path params for bodiless methods); undefined without a schema. */
  input: I;
  /** The raw body text (read with the route's cap); "" for bodiless methods. */
  body: string;
  /** As the caller for `user` routes (PostgREST verifies the token), anonymous otherwise. */
  supabase: Db;
  /** The service role: only for work beyond the caller (say why where it is used). */
  readonly admin: Db;
  /** `user` routes: the verified caller (PostgREST accepted the token and the profile exists). */
  user(): Promise<CallingUser>;
  /** The request carries the service-role key itself (any mode; `secret` routes require it). */
  isServiceRole: boolean;
}

export interface Route<S extends z.ZodType | undefined = z.ZodType | undefined> {
  method: Method;
  /** Path below the function's name: "/", "/cancel", "/:event_id", "/events/:slug.ics"; "/*" is any path. */
  path: string;
  auth: AuthMode;
  input?: S;
  /** Largest body accepted, in bytes (default 64 KiB); longer bodies are refused unread (413). */
  bodyLimit?: number;
  /** "json" (default for POST/PUT/PATCH) parses the body; "text" leaves it to the handler. */
  body?: "json" | "text";
  /** Answers errors with `http_code` too, as Supabase Auth reads hook answers. */
  authHook?: boolean;
  /**
   * `user` routes whose writes go through the service role (so PostgREST's write limit cannot see
   * them): count one write for the verified caller before anything else, refused attempts included.
   */
  countsWrite?: boolean;
  handler: (ctx: Context<S extends z.ZodType ? z.infer<S> : undefined>) => Promise<Response>;
}

/** A typed route (infers the handler's input from the schema). */
export function route<S extends z.ZodType | undefined = undefined>(r: Route<S>): Route<S> {
  return r;
}

/** Serves a function's routes: `serve("enrollments", [route({...}), ...])`. */
export function serve(name: string, routes: Route<z.ZodType | undefined>[]): void {
  const compiled = routes.map((r) => ({ ...r, pattern: pathPattern(name, r.path) }));
  const methods = [...new Set(routes.map((r) => r.method))];
  Deno.serve(async (req) => {
    const url = new URL(req.url);
    let hook = false;
    try {
      if (req.method === "OPTIONS") return new Response(null, { status: 204, headers: corsHeaders });
      // A method the function never serves is a 405 whatever the path; then the path picks the route.
      if (!methods.includes(req.method as Method)) {
        throw new HttpError(405, "method_not_allowed", `Use ${methods.join(", ")}.`, null, { allow: methods.join(", ") });
      }
      const matching = compiled.filter((r) => r.pattern.test(url.pathname));
      const found = matching.find((r) => r.method === req.method);
      if (!found) {
        if (matching.length === 0) throw new HttpError(404, "not_found", `No route ${url.pathname}.`);
        const allowed = [...new Set(matching.map((r) => r.method))].join(", ");
        throw new HttpError(405, "method_not_allowed", `Use ${allowed}.`, null, { allow: allowed });
      }
      hook = found.authHook === true;
      return await run(found, req, url, paramsOf(found.pattern, url.pathname));
    } catch (err) {
      const error = asHttpError(err);
      const details = error.details ?? null;
      if (hook) return errorResponse(error.status, error.code, error.message, details, error.headers, { http_code: error.status });
      return errorResponse(error.status, error.code, error.message, details, error.headers);
    }
  });
}

function paramsOf(pattern: RegExp, pathname: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(pattern.exec(pathname)?.groups ?? {})) {
    try {
      params[key] = decodeURIComponent(value);
    } catch {
      throw new HttpError(404, "not_found", `No route ${pathname}.`);
    }
  }
  return params;
}

async function run(r: Route<z.ZodType | undefined>, req: Request, url: URL, params: Record<string, string>): Promise<Response> {
  const service = isServiceRole(req);
  const claimed = r.auth === "user" ? userToken(req) : null;
  const token = claimed?.token ?? null;
  if (r.auth === "secret" && !service) throw new HttpError(403, "forbidden", "Only the service role may call this.");

  const supabase = client(Deno.env.get("SUPABASE_ANON_KEY"), token ?? undefined);
  let admin: Db | undefined;
  let caller: Promise<CallingUser> | undefined;
  const ctx: Context<unknown> = {
    req,
    url,
    params,
    input: undefined,
    body: "",
    supabase,
    get admin() {
      admin ??= client(Deno.env.get("SUPABASE_SERVICE_ROLE_KEY"));
      return admin;
    },
    user() {
      if (!claimed) throw new Error(`ctx.user() needs auth "user"; this route is "${r.auth}"`);
      caller ??= verifiedUser(supabase, claimed.sub);
      return caller;
    },
    isServiceRole: service,
  };
  if (r.countsWrite) await call(ctx.admin, "count_function_write", { user_id: (await ctx.user()).id });

  const hasBody = req.method === "POST" || req.method === "PUT" || req.method === "PATCH";
  ctx.body = hasBody ? await readBody(req, r.bodyLimit ?? jsonBodyLimit) : "";
  if (r.input) ctx.input = validate(r.input, hasBody && (r.body ?? "json") === "json" ? parseJson(ctx.body) : params);
  return await (r.handler as (ctx: Context<unknown>) => Promise<Response>)(ctx);
}

/** The value as the schema parses it, or a 400 invalid_input listing every offending field. */
export function validate<S extends z.ZodType>(schema: S, value: unknown, message = "The request is invalid."): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new HttpError(400, "invalid_input", message, fieldErrors(parsed.error));
  return parsed.data;
}

type Rpc = Database["public"]["Functions"];

/**
 * Calls a PostgREST RPC, typed by the generated database types, and returns its data; a refusal or
 * any other database error becomes the API error the contract's table gives it (so functions and
 * REST clients get the same answer).
 */
export async function call<F extends keyof Rpc & string>(db: Db, fn: F, args: Rpc[F]["Args"]): Promise<Rpc[F]["Returns"]> {
  const { data, error, status } = await (db.rpc as unknown as (fn: string, args: unknown) => PromiseLike<Answer>)(fn, args);
  if (error) throw databaseError(error, status);
  return data as Rpc[F]["Returns"];
}

type Answer = { data: unknown; error: { code?: string; message: string; details?: unknown; hint?: unknown } | null; status: number };

/** The API error for an error PostgREST answered with `status`. */
export function databaseError(error: { code?: string; message: string; details?: unknown; hint?: unknown }, status: number): HttpError {
  if (status === 401) {
    // PostgREST refused the token: the same words as the gateway's.
    return error.message === "JWT expired"
      ? new HttpError(401, "jwt_expired", "JWT expired")
      : new HttpError(401, "invalid_jwt", "Invalid JWT");
  }
  const known = apiErrorOf(error);
  if (known) {
    // A write-limit refusal carries its retry_after (the contract parses the hook's details).
    const retry = known.details.retry_after;
    return new HttpError(known.status, known.code, known.message, known.details, retry ? { "retry-after": String(retry) } : {});
  }
  // PostgREST refused the arguments themselves (a malformed value): no retry helps.
  if (status >= 400 && status < 500)
    return new HttpError(422, "unprocessable", "The request could not be processed.", { reason: error.message });
  console.error("database error", status, error);
  return new HttpError(503, "unavailable", "The database could not answer; try again.");
}

function asHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  console.error(err);
  return new HttpError(500, "internal_error", "Something went wrong on our side.");
}

/** The route's path below `/<name>` (what the edge runtime passes), or at the root (a function reached at its own address). */
function pathPattern(name: string, path: string): RegExp {
  const literal = (text: string) => text.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
  const rest =
    path === "/*" ? "(?:/.*)?" : literal(path === "/" ? "" : path).replace(/:([a-z_]+)/g, (_, key: string) => `(?<${key}>[^/]+?)`);
  return new RegExp(`^(?:/${literal(name)})?${rest}/?$`);
}

function client(key: string | undefined, token?: string): Db {
  return new PostgrestClient<Database>(`${Deno.env.get("SUPABASE_URL") ?? ""}/rest/v1`, {
    headers: { apikey: key ?? "", Authorization: `Bearer ${token ?? key ?? ""}` },
  });
}

function bearerOf(req: Request): string {
  return /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization") ?? "")?.[1] ?? "";
}

/**
 * The token of a `user` route. Its claims are read only to refuse API keys early with a clear
 * message; nothing here is trusted: PostgREST verifies the token on every call made with it.
 */
function userToken(req: Request): { token: string; sub: string } {
  const token = bearerOf(req);
  if (!token) throw new HttpError(401, "invalid_jwt", "Missing authorization header");
  const claims = unverifiedClaims(token);
  if (claims.role !== "authenticated" || typeof claims.sub !== "string") {
    throw new HttpError(401, "unauthorized", "This call needs a signed-in user's access token, not an API key.");
  }
  return { token, sub: claims.sub };
}

function unverifiedClaims(token: string): Record<string, unknown> {
  const part = token.split(".")[1] ?? "";
  try {
    return JSON.parse(
      atob(
        part
          .replace(/-/g, "+")
          .replace(/_/g, "/")
          .padEnd(Math.ceil(part.length / 4) * 4, "="),
      ),
    ) as Record<string, unknown>;
  } catch {
    throw new HttpError(401, "invalid_jwt", "Invalid JWT");
  }
}

/**
 * Who the token belongs to, as PostgREST verifies it: the caller's own profile row, read with the
 * token (`sub` is only where to look; a forged token gets PostgREST's 401, not a row).
 */
async function verifiedUser(supabase: Db, sub: string): Promise<CallingUser> {
  const { data, error, status } = await supabase.from("profiles").select("id, role").eq("id", sub).maybeSingle();
  if (error) throw databaseError(error, status);
  if (!data) throw new HttpError(401, "unauthorized", "This user has no profile.");
  return { id: data.id, role: data.role };
}

/** The caller holds the service-role key itself (compared in constant time, nothing decoded). */
function isServiceRole(req: Request): boolean {
  const expected = Deno.env.get("SUPABASE_SERVICE_ROLE_KEY") ?? "";
  const given = bearerOf(req);
  if (!expected || given.length !== expected.length) return false;
  let difference = 0;
  for (let i = 0; i < expected.length; i++) difference |= expected.charCodeAt(i) ^ given.charCodeAt(i);
  return difference === 0;
}

function parseJson(text: string): unknown {
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, "bad_request", "The request body is not valid JSON.");
  }
}

/**
 * Reads at most `limit` bytes of the body stream itself (Content-Length may be absent, as with a
 * chunked body, or wrong): past the limit it stops reading and answers 413.
 */
async function readBody(req: Request, limit: number): Promise<string> {
  const tooLarge = () => new HttpError(413, "payload_too_large", `The request body is larger than ${formatBytes(limit)}.`);
  if (Number(req.headers.get("content-length") ?? "0") > limit) throw tooLarge();
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(all);
}

function formatBytes(bytes: number): string {
  return bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`;
}

export { HttpError, json } from "./errors.ts";
