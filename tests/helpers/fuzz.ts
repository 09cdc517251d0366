// Fuzzing helpers: hostile values (random, oversized, unicode, null, wrong types, SQL-like), bounded
// runs, and the assertions every answer must pass: no 5xx, no stack trace, the documented shape.
import fc from "fast-check";
import { expect } from "vitest";

/** Runs per property and a wall-clock cap, so the fuzz suites add about two minutes at most. */
export const fuzzRuns = Number(process.env.GATHERHUB_FUZZ_RUNS ?? 100);
const fuzzTimeMs = Number(process.env.GATHERHUB_FUZZ_MS ?? 6_000);
// Fixed unless GATHERHUB_FUZZ_SEED says otherwise: a run never fails on the dice alone.
export const fuzzSeed = Number(process.env.GATHERHUB_FUZZ_SEED || 20261201);

export function fuzzOptions<T>(examples: T[] = []): fc.Parameters<T> {
  return {
    numRuns: fuzzRuns,
    interruptAfterTimeLimit: fuzzTimeMs,
    markInterruptAsFailure: false,
    examples,
    seed: fuzzSeed,
  };
}

const sqlLike = [
  "' or 1=1 --",
  "'; drop table public.events; --",
  '"); select pg_sleep(0); --',
  "1' union select null, current_user --",
  "%' and '%'='",
  "\\x00",
  "$$ select 1 $$",
  "eq.1&or=(id.gt.0)",
  "*",
  "!!&|:*<->",
  "a:* & !b",
];
const unicode = [
  "Zoë 😀 ✓",
  "\u202Eevil",
  "ｆｕｌｌ",
  "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
  "\uD800",
  "\u0000",
  "\u0000abc",
  "ñ".repeat(300),
  "\u200B",
  "日本語のイベント",
];
const numbers = [0, -1, 1.5, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1e308, 2 ** 31, -(2 ** 31) - 1];

/** Strings an attacker or a broken client sends. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme", maxLength: 50 }),
  fc.string({ unit: "binary", maxLength: 50 }),
  fc.constantFrom(...sqlLike, ...unicode),
  fc.integer({ min: 1_000, max: 70_000 }).map((n) => "x".repeat(n)),
  fc.uuid(),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
);

/** Any JSON value, with hostile leaves. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { depthSize: "small" },
  nastyString,
  fc.constantFrom<unknown>(null, true, false, ...numbers, [], {}),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.array(nastyString, { maxLength: 4 }),
  fc.dictionary(nastyString, nastyString, { maxKeys: 3 }),
  fc.jsonValue({ maxDepth: 3 }),
);

/** A JSON object whose known keys get hostile values, plus sometimes unknown keys. */
export function nastyObject(keys: string[]): fc.Arbitrary<Record<string, unknown>> {
  const known = fc.record(Object.fromEntries(keys.map((k) => [k, nastyValue])), { requiredKeys: [] });
  return fc.tuple(known, fc.dictionary(fc.string({ maxLength: 20 }), nastyValue, { maxKeys: 2 })).map(([a, b]) => ({ ...b, ...a }));
}

/** A request body: JSON of any shape, a JSON object with hostile fields, or text that is not JSON. */
export function nastyBody(keys: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    nastyObject(keys).map((v) => JSON.stringify(v)),
    nastyValue.map((v) => JSON.stringify(v) ?? "null"),
    nastyString,
    fc.constant(""),
  );
}

// Frames like "at handler (file:///…/index.ts:12:5)" or runtime internals in a body are leaks.
const traceMarkers = [
  /\bat\s+\S*\s*\(?(?:file|ext|node|https?):[^\s)]*:\d+:\d+/,
  /\bat\s+[^\s()]+\.(?:ts|js|mjs|cjs):\d+/,
  /node:internal/,
  /ext:(?:core|deno_\w+|runtime)\//,
  /\bDeno\.(?:errors|core)\b/,
  /\/node_modules\//,
];

/** Fails when the body shows a stack frame or runtime internals that the request did not itself contain. */
export function expectNoStackTrace(body: string, request: string): void {
  for (const marker of traceMarkers) {
    const match = marker.exec(body);
    if (match && !request.includes(match[0]))
      expect.fail(`stack trace or internals in a response body: ${match[0]}\n${body.slice(0, 500)}`);
  }
}

export interface Answer {
  status: number;
  text: string;
  json: unknown;
}

export async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json };
}

/** The functions' (and gateway's) documented error: { error: { code, message, details } }. */
export function expectFunctionError(a: Answer, request: string): void {
  expect(a.status, a.text.slice(0, 300)).toBeLessThan(500);
  expectNoStackTrace(a.text, request);
  if (a.status < 400) return;
  const error = (a.json as { error?: Record<string, unknown> } | undefined)?.error;
  expect(error, `not the documented error shape: ${a.text.slice(0, 300)}`).toBeTypeOf("object");
  expect(Object.keys(error ?? {}).sort()).toEqual(["code", "details", "message"]);
  expect(error?.code).toBeTypeOf("string");
  expect(error?.message).toBeTypeOf("string");
}

/** PostgREST's error: { code, message, details, hint }. */
export function expectPostgrestError(a: Answer, request: string): void {
  expect(a.status, a.text.slice(0, 300)).toBeLessThan(500);
  expectNoStackTrace(a.text, request);
  if (a.status < 400) return;
  expect(a.json, `not PostgREST's error shape: ${a.text.slice(0, 300)}`).toBeTypeOf("object");
  const error = a.json as Record<string, unknown>;
  expect(Object.keys(error).sort()).toEqual(["code", "details", "hint", "message"]);
  expect(error.code).toBeTypeOf("string");
  expect(error.message).toBeTypeOf("string");
}
