// Docker-free stack only: hosts one edge function the way Supabase's edge runtime does, by
// capturing its Deno.serve() (or default export) and listening on the port the stack assigned.
// Usage: deno run … serve-function.ts <path/to/index.ts>

type Handler = (request: Request, info: Deno.ServeHandlerInfo<Deno.NetAddr>) => Response | Promise<Response>;

const port = Number(Deno.env.get("GATHERHUB_FUNCTION_PORT"));
const entry = Deno.args[0];
if (!port || !entry) {
  console.error("serve-function: GATHERHUB_FUNCTION_PORT and an entry file are required");
  Deno.exit(2);
}

const realServe = Deno.serve.bind(Deno);
let served = false;

// Every request is logged to the function's log file: `METHOD path status ms`.
function logged(handler: Handler): Handler {
  return async (request, info) => {
    const started = performance.now();
    const path = new URL(request.url).pathname;
    let status = 500;
    try {
      const response = await handler(request, info);
      status = response.status;
      return response;
    } finally {
      console.log(`${request.method} ${path} ${status} ${Math.round(performance.now() - started)}ms`);
    }
  };
}

function listen(handler: Handler, signal?: AbortSignal) {
  served = true;
  return realServe({ port, hostname: "127.0.0.1", signal, onListen: () => console.log(`listening on ${port}`) }, logged(handler));
}

(Deno as unknown as { serve: (first: unknown, second?: unknown) => unknown }).serve = (first: unknown, second?: unknown) => {
  if (typeof first === "function") return listen(first as Handler);
  const options = (first ?? {}) as { handler?: Handler; signal?: AbortSignal };
  const handler = (typeof second === "function" ? second : options.handler) as Handler;
  return listen(handler, options.signal);
};

const url = new URL(entry, `file://${Deno.cwd()}/`);
const mod = await import(url.href);
if (!served && typeof mod.default?.fetch === "function") listen((req, info) => mod.default.fetch(req, info));
if (!served) {
  console.error(`serve-function: ${entry} neither called Deno.serve nor exported a default { fetch }`);
  Deno.exit(2);
}
