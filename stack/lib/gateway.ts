// The gateway: Supabase's URL layout on one port (/rest/v1, /auth/v1, /storage/v1, /functions/v1/<name>),
// API-key checks like Supabase's gateway, CORS, and verify_jwt for functions. Proxying is done by
// http-proxy; this file only decides where a request goes and whether it may.
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import httpProxy from "http-proxy";
import { jwtVerify } from "jose";
import { onResponseDone } from "./access-log.ts";
import { sendError } from "./errors.ts";

export interface GatewayOptions {
  port: number;
  anonKey: string;
  serviceRoleKey: string;
  jwtSecret: string;
  /** Upstream base URLs; a missing entry answers 503. */
  rest?: string;
  auth?: string;
  storage?: string;
  functions: Map<string, { url: string; verifyJwt: boolean }>;
  /** Receives one `METHOD path status ms` line per request (the access log). */
  accessLog?: (line: string) => void;
}

const corsHeaders = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS",
  "access-control-allow-headers":
    "authorization, x-client-info, apikey, content-type, content-profile, accept-profile, prefer, range, x-upsert, x-supabase-api-version",
  "access-control-expose-headers": "content-range, content-location, retry-after, x-request-id",
  "access-control-max-age": "3600",
};

// Storage URLs that carry their own credential or none: public objects, and signed URLs (the token
// is in the query). Supabase serves these without an API key; everything else under /storage/v1 needs one.
const openStoragePaths = [
  /^\/object\/public\//,
  /^\/render\/image\/public\//,
  /^\/object\/sign\//,
  /^\/render\/image\/sign\//,
  /^\/object\/upload\/sign\//,
];

// Auth endpoints that browsers reach from links in emails or OAuth redirects carry no API key;
// Supabase's gateway leaves exactly these open.
const openAuthPaths = [/^\/verify(\/|$|\?)/, /^\/callback(\/|$|\?)/, /^\/authorize(\/|$|\?)/];

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The first header whose value is not valid UTF-8 (Node hands raw bytes over as latin1), or null. */
export function headerNotUtf8(req: IncomingMessage): string | null {
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    try {
      utf8.decode(Buffer.from(req.rawHeaders[i + 1] ?? "", "latin1"));
    } catch {
      return (req.rawHeaders[i] ?? "").toLowerCase();
    }
  }
  return null;
}

export class Gateway {
  private server?: http.Server;
  // Upstream connections are kept alive, as Supabase's gateway keeps them: one TCP connection per
  // proxied request (http-proxy's default) cost the search API a third of its throughput (npm run bench).
  private readonly proxy = httpProxy.createProxyServer({
    xfwd: true,
    proxyTimeout: 120_000,
    agent: new http.Agent({ keepAlive: true, maxSockets: 256 }),
  });
  private readonly secret: Uint8Array;

  constructor(readonly options: GatewayOptions) {
    this.secret = new TextEncoder().encode(options.jwtSecret);
    this.proxy.on("error", (err, _req, res) => {
      const response = res as ServerResponse;
      if (typeof response.writeHead !== "function") return;
      const code = (err as NodeJS.ErrnoException).code;
      const unreachable = code === "ECONNREFUSED" || code === "ECONNRESET";
      sendError(
        response,
        unreachable ? 503 : 502,
        "unavailable",
        unreachable ? "The upstream service is not reachable; try again shortly." : "The upstream service failed to answer.",
        null,
        corsHeaders,
      );
    });
    this.proxy.on("proxyRes", (proxyRes, req, res) => {
      if (!proxyRes.headers["access-control-allow-origin"]) proxyRes.headers["access-control-allow-origin"] = "*";
      // An upstream may answer before reading the whole body (Storage's 413 for a file over the limit,
      // its 403 before an upload starts). The rest of the body is still on the client's keep-alive
      // connection: read and drop it, or the client's next request on it stalls and is reset.
      if (!req.complete) {
        res.once("finish", () => {
          req.unpipe();
          req.resume();
        });
      }
    });
  }

  async listen(): Promise<number> {
    this.server = http.createServer((req, res) => {
      const { accessLog } = this.options;
      if (accessLog) onResponseDone(req, res, accessLog);
      this.handle(req, res).catch(() => sendError(res, 500, "internal_error", "The gateway failed to route the request."));
    });
    await new Promise<void>((resolve, reject) => {
      this.server?.once("error", reject);
      this.server?.listen(this.options.port, "127.0.0.1", () => resolve());
    });
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.proxy.close();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private apiKeyOf(req: IncomingMessage, url: URL): string | null {
    const header = req.headers.apikey;
    if (typeof header === "string" && header) return header;
    return url.searchParams.get("apikey");
  }

  private checkApiKey(req: IncomingMessage, res: ServerResponse, url: URL): boolean {
    const key = this.apiKeyOf(req, url);
    if (!key) {
      sendError(
        res,
        401,
        "missing_api_key",
        "No API key found in request",
        { hint: "Send the anon key in the apikey header." },
        corsHeaders,
      );
      return false;
    }
    if (key !== this.options.anonKey && key !== this.options.serviceRoleKey) {
      sendError(
        res,
        401,
        "invalid_api_key",
        "Invalid API key",
        { hint: "Use the anon or service_role key this project printed." },
        corsHeaders,
      );
      return false;
    }
    return true;
  }

  /** Why the request's JWT is refused (code and message, as PostgREST words them), or null when valid. */
  private async jwtProblem(req: IncomingMessage): Promise<{ code: string; message: string } | null> {
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "");
    if (!match?.[1]) return { code: "invalid_jwt", message: "Missing authorization header" };
    try {
      await jwtVerify(match[1], this.secret, { algorithms: ["HS256"] });
      return null;
    } catch (err) {
      if ((err as { code?: string }).code === "ERR_JWT_EXPIRED") return { code: "jwt_expired", message: "JWT expired" };
      return { code: "invalid_jwt", message: "Invalid JWT" };
    }
  }

  private forward(req: IncomingMessage, res: ServerResponse, target: string | undefined, path: string): void {
    if (!target) {
      sendError(res, 503, "unavailable", "The upstream service is not running.", null, corsHeaders);
      return;
    }
    req.url = path;
    this.proxy.web(req, res, { target, changeOrigin: false });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://gateway");
    const rawPath = req.url ?? "/";

    // PostgREST answers a plain-text 500 to header bytes that are not UTF-8 (Range, Prefer…):
    // refuse them here, for every upstream, in the documented shape.
    const badHeader = headerNotUtf8(req);
    if (badHeader) {
      sendError(res, 400, "bad_request", `The ${badHeader} header is not valid UTF-8.`, { header: badHeader }, corsHeaders);
      return;
    }

    const prefix = /^\/(rest|auth|storage|functions)\/v1(\/.*)?$/.exec(url.pathname);
    if (!prefix) {
      sendError(
        res,
        404,
        "not_found",
        `No route for ${url.pathname}`,
        { routes: ["/rest/v1", "/auth/v1", "/storage/v1", "/functions/v1/<name>"] },
        corsHeaders,
      );
      return;
    }
    const area = prefix[1];
    const rest = rawPath.slice(`/${area}/v1`.length) || "/";

    if (area === "functions") {
      const name = /^\/([^/?]+)/.exec(rest)?.[1];
      const fn = name ? this.options.functions.get(name) : undefined;
      if (!name || !fn) {
        sendError(res, 404, "function_not_found", `No function named ${name ?? "(none)"}`, null, corsHeaders);
        return;
      }
      // Preflight requests carry no JWT; the function's own CORS helper answers them.
      const refused = req.method !== "OPTIONS" && fn.verifyJwt ? await this.jwtProblem(req) : null;
      if (refused) {
        sendError(res, 401, refused.code, refused.message, null, corsHeaders);
        return;
      }
      this.forward(req, res, fn.url, rest);
      return;
    }

    if (req.method === "OPTIONS") {
      res.writeHead(204, corsHeaders);
      res.end();
      return;
    }
    if (area === "auth" && openAuthPaths.some((re) => re.test(rest))) {
      this.forward(req, res, this.options.auth, rest);
      return;
    }
    if (area === "storage" && openStoragePaths.some((re) => re.test(rest))) {
      this.forward(req, res, this.options.storage, rest);
      return;
    }
    if (!this.checkApiKey(req, res, url)) return;
    // A key given in the query string is a credential, not a filter: upstream never sees it.
    let upstreamPath = rest;
    if (url.searchParams.has("apikey")) {
      url.searchParams.delete("apikey");
      const query = url.searchParams.toString();
      upstreamPath = `${url.pathname.slice(`/${area}/v1`.length) || "/"}${query ? `?${query}` : ""}`;
    }
    if (area === "storage") {
      // Storage reads the caller from the Authorization header (passed through untouched) and builds
      // its URLs with the prefix it is mounted under.
      req.headers["x-forwarded-prefix"] = "/storage/v1";
      this.forward(req, res, this.options.storage, upstreamPath);
      return;
    }
    this.forward(req, res, area === "rest" ? this.options.rest : this.options.auth, upstreamPath);
  }
}
