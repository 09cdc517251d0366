// Fuzzing every SQL function clients can call through rpc/, listed from pg_catalog (functions in the
// exposed schemas that anon or authenticated may execute), so new ones are covered automatically.
// Hostile arguments never get a 5xx or a stack trace, and every refusal has PostgREST's
// { code, message, details, hint } shape.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiSchemas, readConfig } from "../stack/lib/config.ts";
import { answer, expectPostgrestError, fuzzOptions, nastyObject, nastyString, nastyValue } from "./helpers/fuzz.ts";
import { closeDb, createUser, db, env, type TestUser } from "./helpers/stack.ts";

interface RpcFunction {
  schema: string;
  name: string;
  args: string[];
}

let rpcs: RpcFunction[] = [];
let callers: { label: string; token: string }[] = [];

beforeAll(async () => {
  rpcs = await db<RpcFunction>(
    `select n.nspname as schema, p.proname as name, coalesce(p.proargnames[1:p.pronargs], '{}') as args
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = any($1) and p.prokind = 'f' and p.prorettype <> 'trigger'::regtype
        and (has_function_privilege('anon', p.oid, 'execute') or has_function_privilege('authenticated', p.oid, 'execute'))
      order by 1, 2`,
    [apiSchemas(readConfig())],
  );
  const [seeker, admin] = await Promise.all([createUser("seeker"), createUser("admin")]);
  callers = [
    { label: "anon", token: env.anonKey },
    { label: "seeker", token: (seeker as TestUser).token },
    { label: "admin", token: (admin as TestUser).token },
  ];
});
afterAll(closeDb);

async function rpc(fn: RpcFunction, token: string, body: string, method = "POST") {
  const response = await fetch(`${env.url}/rest/v1/rpc/${fn.name}`, {
    method,
    headers: {
      apikey: env.anonKey,
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
      ...(fn.schema === "public" ? {} : { "content-profile": fn.schema }),
    },
    ...(method === "GET" ? {} : { body }),
  });
  return answer(response);
}

// Refusals that once were 500s (PostgREST maps SQLSTATE P0002 and class 55 to 500): kept as examples.
const zeroUuid = "00000000-0000-4000-8000-000000000000";
const regressions: Record<string, Record<string, unknown>[]> = {
  lock_event_slot: [{ slot: zeroUuid }],
  vote_in_poll: [{ option: zeroUuid }],
  set_user_role: [{ target: zeroUuid, new_role: "seeker" }],
};

describe("fuzzing rpc/ functions", () => {
  it("discovers the client-callable SQL functions, the planning ones included", async () => {
    const names = rpcs.map((f) => f.name);
    for (const expected of ["search_events", "set_user_role", "rotate_calendar_token", "lock_event_slot", "vote_in_poll"]) {
      expect(names).toContain(expected);
    }
    // Every one of them is in PostgREST's OpenAPI document too.
    const response = await fetch(`${env.url}/rest/v1/`, { headers: { apikey: env.anonKey, authorization: `Bearer ${callers[1]?.token}` } });
    const paths = Object.keys(((await response.json()) as { paths: Record<string, unknown> }).paths);
    for (const name of names) expect(paths).toContain(`/rpc/${name}`);
  });

  it(
    "answers hostile arguments from anon, a seeker and an admin without a 5xx, in PostgREST's error shape",
    async () => {
      expect(rpcs.length).toBeGreaterThan(0);
      for (const fn of rpcs) {
        const examples = (regressions[fn.name] ?? []).flatMap((args) =>
          callers.map((_, i) => [i, JSON.stringify(args), "POST"] as [number, string, string]),
        );
        const body = fc.oneof(
          nastyObject(fn.args).map((v) => JSON.stringify(v)),
          nastyValue.map((v) => JSON.stringify(v) ?? "null"),
          nastyString,
        );
        await fc.assert(
          fc.asyncProperty(
            fc.nat({ max: callers.length - 1 }),
            body,
            fc.constantFrom("POST", "POST", "POST", "GET"),
            async (who, b, method) => {
              const caller = callers[who] as { label: string; token: string };
              const a = await rpc(fn, caller.token, b, method);
              try {
                expectPostgrestError(a, b);
              } catch (err) {
                throw new Error(`rpc/${fn.name} as ${caller.label} (${method} ${b.slice(0, 200)}): ${(err as Error).message}`);
              }
            },
          ),
          fuzzOptions(examples),
        );
      }
      // Each function's property is time-boxed (GATHERHUB_FUZZ_MS), so the whole run grows with the
      // number of client-callable functions: the bound here is for that sum, not for one of them.
    },
    15 * 60_000,
  );
});
