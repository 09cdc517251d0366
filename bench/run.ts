// `npm run bench`: boots an isolated stack (as `npm test` does), seeds synthetic data in steps,
// drives load through the gateway with autocannon and the same SQL with pgbench, and writes
// bench/results/<date>.{json,md,svg}. Each scenario prints `name: value (target)`; the exit code
// is 1 when a target is missed. `--full` grows the data to 1M events. `--hosted` measures a
// project given by GATHERHUB_* variables instead (see the README).
// All load is bounded (fixed seconds or a fixed number of requests) and goes to 127.0.0.1 only
// unless --hosted is given.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { root } from "../stack/lib/config.ts";
import { log, runMain, StackError } from "../stack/lib/log.ts";
import { randomPorts, type Stack, startStack } from "../stack/lib/stack.ts";
import { signToken } from "../stack/lib/users.ts";
import { type CpuPids, type CpuSplit, cpuOf, perRequest } from "./lib/cpu.ts";
import { measureEmailDispatch } from "./lib/email.ts";
import { type HttpRequestSpec, http, type Measurement, pgbench } from "./lib/load.ts";
import { type GrowthPoint, machine, type Report, type ScenarioResult, writeReport } from "./lib/report.ts";
import { eventId, seedEventsSql, seedUsersSql, userId } from "./lib/seed.ts";
import { claimsFor } from "./lib/tokens.ts";

const args = process.argv.slice(2);
const full = args.includes("--full");
const hosted = args.includes("--hosted");
const sizesArg = args.find((a) => a.startsWith("--sizes="))?.slice("--sizes=".length);
/** Default: 10k, 100k and 300k (1M takes minutes to seed); `--full`: 1M; `--sizes=a,b,…` for quick runs. */
const sizes = sizesArg ? sizesArg.split(",").map(Number) : full ? [10_000, 100_000, 1_000_000] : [10_000, 100_000, 300_000];
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = 8;
/** Concurrent users per contended event (capacity is a quarter of them). */
const contenders = 100;
const contendedEvents = 4;

interface Target {
  apiUrl: string;
  dbUrl: string;
  anonKey: string;
  serviceRoleKey: string;
  jwtSecret: string;
}

function hostedTarget(): Target {
  const need = (name: string) => {
    const value = process.env[name];
    if (!value) throw new StackError(`--hosted needs ${name}`, "See the Benchmarks section of the README.");
    return value;
  };
  return {
    apiUrl: need("GATHERHUB_URL"),
    dbUrl: need("GATHERHUB_DB_URL"),
    anonKey: need("GATHERHUB_ANON_KEY"),
    serviceRoleKey: need("GATHERHUB_SERVICE_ROLE_KEY"),
    jwtSecret: need("GATHERHUB_JWT_SECRET"),
  };
}

/** Median over rounds: one round disturbed by a neighbour on the shared machine does not move it. */
const median = (ms: Measurement[], pick: (m: Measurement) => number) => {
  const sorted = ms.map(pick).sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};
const fmt = (n: number, digits = 2) => n.toFixed(digits);

/** Runs A and B alternately (A B A B) so drift on a shared machine hits both halves alike. */
async function alternate(
  a: () => Promise<Measurement>,
  b: () => Promise<Measurement>,
  rounds = 2,
): Promise<[Measurement[], Measurement[]]> {
  const as: Measurement[] = [];
  const bs: Measurement[] = [];
  for (let i = 0; i < rounds; i++) {
    as.push(await a());
    bs.push(await b());
  }
  return [as, bs];
}

function assertClean(label: string, ms: Measurement[]): void {
  const bad = ms.filter((m) => m.failures > 0);
  if (bad.length)
    throw new StackError(`${label}: ${bad[0]?.failures} failed requests (status codes ${JSON.stringify(bad[0]?.statusCodes)})`);
}

await runMain(async () => {
  const started = Date.now();
  let stack: Stack | undefined;
  let home: string | undefined;
  const teardown = async () => {
    await stack?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  };
  const onSignal = () => {
    teardown().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  let pool: pg.Pool | undefined;
  try {
    let target: Target;
    if (hosted) {
      target = hostedTarget();
      log.step(`Benchmarking the hosted project at ${target.apiUrl}`);
    } else {
      home = mkdtempSync(path.join(os.tmpdir(), "gatherhub-bench-"));
      log.step(`Booting an isolated stack in ${home}`);
      stack = await startStack({ home, ports: await randomPorts(), ephemeral: true, quiet: true, requestLogs: false });
      target = { ...stack.info };
      log.ok(`Stack up at ${target.apiUrl}`);
    }
    pool = new pg.Pool({ connectionString: target.dbUrl, max: 4 });
    const db = pool;
    const sql = async <T extends pg.QueryResultRow>(text: string, values: unknown[] = []) => (await db.query<T>(text, values)).rows;
    const rest = `${target.apiUrl}/rest/v1`;
    // The user factory signs bench users' tokens (bulk users: Auth's password sign-in would dominate).
    const users = {
      url: target.apiUrl,
      anonKey: target.anonKey,
      serviceRoleKey: target.serviceRoleKey,
      jwtSecret: target.jwtSecret,
      dbUrl: target.dbUrl,
    };
    const scenarios: ScenarioResult[] = [];
    const report = (s: ScenarioResult) => {
      scenarios.push(s);
      if (s.skipped) log.plain(s.line);
      else (s.met ? log.ok : log.error)(s.line);
    };

    // Seed users; the seeker who searches and reads is one of the attendees.
    await sql(seedUsersSql());
    const seekerId = (await sql<{ id: string }>(`select ${userId("1500")} as id`))[0]?.id as string;
    const seekerToken = await signToken(users, seekerId, { client: db });
    const seekerClaims = JSON.stringify(await claimsFor(db, seekerId));
    const asSeeker = { apikey: target.anonKey, authorization: `Bearer ${seekerToken}` };
    const asService = { apikey: target.serviceRoleKey, authorization: `Bearer ${target.serviceRoleKey}` };

    // Search: upcoming events in English on a topic, soonest first, pages 1-3 (filters + full
    // text + pagination). The same 15 combinations in the API and in pgbench.
    const topics = ["pottery", "yoga", "chess", "jazz", "hiking"];
    const searchRequests: HttpRequestSpec[] = topics.flatMap((q) =>
      [1, 2, 3].map((page) => ({
        method: "POST" as const,
        path: "/rest/v1/rpc/search_events",
        headers: { ...asSeeker, "content-type": "application/json" },
        body: JSON.stringify({ q, language_code: "en", timeframe: "upcoming", order_by: "starts_at", page, page_size: 20 }),
      })),
    );
    const searchScript = `\\set t random(1, ${topics.length})
\\set p random(1, 3)
begin;
select set_config('role', 'authenticated', true), set_config('request.jwt.claims', '${seekerClaims.replace(/'/g, "''")}', true);
select * from public.search_events(q => (array[${topics.map((t) => `'${t}'`).join(", ")}])[:t], language_code => 'en', timeframe => 'upcoming', order_by => 'starts_at', page => :p, page_size => 20);
commit;
`;
    const searchApi = (conns = connections) => http({ url: target.apiUrl, connections: conns, seconds, requests: searchRequests });
    const searchRaw = (clients = connections) => pgbench(target.dbUrl, searchScript, { clients, seconds });

    // 3. Growth: seed in steps, measure search at each size (fewer connections: latency, not load).
    const growth: GrowthPoint[] = [];
    let seeded = (await sql<{ n: number }>("select count(*)::int as n from public.events where slug like 'bench-event-%'"))[0]?.n ?? 0;
    for (const size of sizes) {
      const t = Date.now();
      if (size > seeded) {
        log.step(`Seeding events ${seeded + 1}..${size} (with enrollments, slots, votes, tasks)`);
        for (let from = seeded; from < size; from += 100_000) await sql(seedEventsSql(from, Math.min(from + 100_000, size)));
        seeded = size;
      }
      const seedSeconds = (Date.now() - t) / 1000;
      const [api, raw] = await alternate(
        () => searchApi(4),
        () => searchRaw(4),
        1,
      );
      assertClean("search", api);
      const point = { events: size, seedSeconds, api: api[0] as Measurement, raw: raw[0] as Measurement };
      growth.push(point);
      log.plain(
        `  ${size.toLocaleString("en")} events: API p50 ${fmt(point.api.p50)} ms, SQL p50 ${fmt(point.raw.p50)} ms (seeded in ${fmt(seedSeconds, 1)} s)`,
      );
    }
    const first = growth[0] as GrowthPoint;
    const last = growth.at(-1) as GrowthPoint;
    const growthRatio = last.api.p50 / first.api.p50;
    const growthName = `search-growth-${last.events >= 1e6 ? `${last.events / 1e6}M` : `${last.events / 1e3}k`}`;

    // 1. Search through the gateway vs the same call in pgbench, at the largest size. Locally a
    // third series goes straight to PostgREST, which splits the API's cost into gateway and PostgREST.
    log.step(`Search: API vs pgbench, ${connections} connections, ${seconds} s × 3 rounds each`);
    const restDirect = stack?.info.restUrl;
    const api: Measurement[] = [];
    const raw: Measurement[] = [];
    const direct: Measurement[] = [];
    // CPU per request of each process (Linux /proc, local stack only): where an API path's time goes.
    const pids: CpuPids | undefined = stack && {
      postmaster: Number(readFileSync(path.join(stack.cluster.dataDir, "postmaster.pid"), "utf8").split("\n")[0]),
      postgrest: stack.services.get("rest")?.child.pid ?? 0,
      functions: [stack.services.get("fn:enrollments")?.child.pid ?? 0],
    };
    const profiled = async (into: CpuSplit[], work: () => Promise<Measurement>) => {
      if (!pids) return work();
      const [m, split] = await cpuOf(pids, work);
      into.push(split);
      return m;
    };
    const cpu = { api: [] as CpuSplit[], raw: [] as CpuSplit[] };
    for (let round = 0; round < 3; round++) {
      api.push(await profiled(cpu.api, searchApi));
      raw.push(await profiled(cpu.raw, searchRaw));
      if (restDirect)
        direct.push(
          await http({
            url: restDirect,
            connections,
            seconds,
            requests: searchRequests.map((r) => ({ ...r, path: r.path.replace("/rest/v1", "") })),
          }),
        );
    }
    // CPU ms per request of each part, over all rounds: what the API path costs beyond the SQL.
    const requestsOf = (ms: Measurement[]) => ms.reduce((sum, m) => sum + m.requests, 0);
    // Search does not go through a function: its lines and JSON keep the four parts they always had.
    const { functions: _apiFunctions, ...cpuApi } = perRequest(cpu.api, requestsOf(api));
    const { functions: _rawFunctions, ...cpuRaw } = perRequest(cpu.raw, requestsOf(raw));
    if (pids)
      log.plain(
        `  CPU ms per request, API: ${Object.entries(cpuApi)
          .map(([k, v]) => `${k} ${fmt(v)}`)
          .join(", ")}; SQL: postgres ${fmt(cpuRaw.postgres)}, pgbench ${fmt(cpuRaw.loadGenerator)}`,
      );
    assertClean("search", [...api, ...direct]);
    const tputRatio = median(api, (m) => m.throughput) / median(raw, (m) => m.throughput);
    const p50Ratio = median(api, (m) => m.p50) / median(raw, (m) => m.p50);
    const directNote = direct.length
      ? `; PostgREST without the gateway ${fmt(median(direct, (m) => m.throughput) / median(raw, (m) => m.throughput))}× (${fmt(
          median(direct, (m) => m.throughput),
          0,
        )} req/s)`
      : "";
    report({
      name: "search-api-vs-sql",
      value: tputRatio,
      unit: "×",
      target: "throughput ≥ 0.5× raw SQL",
      met: tputRatio >= 0.5,
      line: `search-api-vs-sql: throughput ${fmt(tputRatio)}× raw SQL (${fmt(
        median(api, (m) => m.throughput),
        0,
      )} vs ${fmt(
        median(raw, (m) => m.throughput),
        0,
      )} req/s), p50 ${fmt(p50Ratio)}× (${fmt(median(api, (m) => m.p50))} vs ${fmt(median(raw, (m) => m.p50))} ms)${directNote} (target: throughput ≥ 0.5×)`,
      measurements: {
        api,
        raw,
        direct,
        p50Ratio,
        events: last.events,
        cpuPerRequestApi: JSON.stringify(cpuApi),
        cpuPerRequestSql: JSON.stringify(cpuRaw),
      },
    });

    // 2. RLS cost: the same reads as a seeker and as the service role (which bypasses RLS).
    // Two connections and five short alternating rounds: this compares latency, not saturation.
    log.step("RLS cost: seeker vs service_role on events and enrollments reads");
    const now = new Date().toISOString();
    const reads = {
      events: `/rest/v1/events?select=id,title,starts_at,location,enrolled_count,capacity&status=eq.published&language=eq.en&starts_at=gte.${now}&order=starts_at,id&limit=20`,
      enrollments: `/rest/v1/enrollments?select=id,event_id,status,enrolled_at&user_id=eq.${seekerId}&order=enrolled_at.desc,id&limit=50`,
    };
    const rls: Record<string, { seeker: Measurement[]; service: Measurement[]; ratio: number }> = {};
    for (const [name, readPath] of Object.entries(reads)) {
      const get = (headers: Record<string, string>) => () =>
        http({
          url: target.apiUrl,
          connections: 2,
          seconds: Math.ceil(seconds / 2),
          requests: [{ method: "GET", path: readPath, headers }],
        });
      const [seeker, service] = await alternate(get(asSeeker), get(asService), 5);
      assertClean(`rls ${name}`, [...seeker, ...service]);
      rls[name] = { seeker, service, ratio: median(seeker, (m) => m.p50) / median(service, (m) => m.p50) };
    }
    // The same events read in pgbench as each role: how much of the difference is Postgres's.
    const eventsSql = (role: string, claims: string) => `begin;
select set_config('role', '${role}', true), set_config('request.jwt.claims', '${claims.replace(/'/g, "''")}', true);
select id, title, starts_at, location, enrolled_count, capacity from public.events
 where status = 'published' and language = 'en' and starts_at >= now() order by starts_at, id limit 20;
commit;
`;
    const [sqlSeeker, sqlService] = await alternate(
      () => pgbench(target.dbUrl, eventsSql("authenticated", seekerClaims), { clients: 2, seconds: Math.ceil(seconds / 2) }),
      () =>
        pgbench(target.dbUrl, eventsSql("service_role", JSON.stringify({ role: "service_role" })), {
          clients: 2,
          seconds: Math.ceil(seconds / 2),
        }),
    );
    const sqlRatio = median(sqlSeeker, (m) => m.p50) / median(sqlService, (m) => m.p50);
    const sqlExtra = median(sqlSeeker, (m) => m.p50) - median(sqlService, (m) => m.p50);
    const rlsWorst = Math.max(...Object.values(rls).map((r) => r.ratio));
    report({
      name: "rls-cost",
      value: rlsWorst,
      unit: "×",
      target: "p50 ≤ 1.25× service_role",
      met: rlsWorst <= 1.25,
      line: `rls-cost: p50 seeker/service_role ${fmt(rlsWorst)}× worst (${Object.entries(rls)
        .map(([n, r]) => `${n} ${fmt(r.ratio)}×: ${fmt(median(r.seeker, (m) => m.p50))} vs ${fmt(median(r.service, (m) => m.p50))} ms`)
        .join("; ")}; events in SQL alone ${fmt(sqlRatio)}×, +${fmt(sqlExtra * 1000, 0)} µs) (target: ≤ 1.25×)`,
      measurements: Object.fromEntries(
        Object.entries(rls)
          .flatMap(([n, r]) => [
            [`${n}Seeker`, r.seeker],
            [`${n}Service`, r.service],
            [`${n}Ratio`, r.ratio],
          ])
          .concat([
            ["eventsSqlSeeker", sqlSeeker],
            ["eventsSqlService", sqlService],
          ]),
      ),
    });

    report({
      name: growthName,
      value: growthRatio,
      unit: "×",
      target: `p50 at ${last.events.toLocaleString("en")} ≤ 2× ${first.events.toLocaleString("en")}`,
      met: growthRatio <= 2,
      line: `${growthName}: search p50 ${fmt(growthRatio)}× the ${first.events / 1000}k figure (${growth.map((g) => `${g.events / 1000}k ${fmt(g.api.p50)} ms`).join(", ")}) (target: ≤ 2×)`,
      measurements: { points: growth.length },
    });

    // 4. Enrollment under contention: `contenders` users at once on one event of capacity
    // contenders/4, through rpc/enroll (as the SDK enrolls) and through the enrollments function;
    // baseline: the same number of plain inserts into an unconstrained throwaway table through
    // PostgREST, with the same users' tokens.
    log.step(`Enrollment: ${contenders} concurrent users × ${contendedEvents} events of capacity ${contenders / 4}, vs plain inserts`);
    const capacity = contenders / 4;
    await sql(`
      insert into auth.users (id, instance_id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
      select ${userId("900000 + n")}, '00000000-0000-0000-0000-000000000000', 'authenticated', 'authenticated',
             'bench-contender-' || n || '@bench.gatherhub.dev', '', now(), '{"provider": "email"}',
             jsonb_build_object('role', 'seeker', 'display_name', 'Contender ' || n), now(), now()
        from generate_series(1, ${contenders}) n
      on conflict (id) do nothing`);
    const contenderIds = (await sql<{ id: string }>(`select ${userId("900000 + n")} as id from generate_series(1, ${contenders}) n`)).map(
      (r) => r.id,
    );
    const contenderTokens = await Promise.all(contenderIds.map((id) => signToken(users, id, { client: db })));
    const runTag = Date.now().toString(36);
    const events = (
      await sql<{ id: string }>(
        `insert into public.events (organizer_id, title, language, location, starts_at, ends_at, timezone, capacity, status)
         select ${userId("1")}, 'Contended event ' || n || ' ' || $1, 'en', 'Berlin', now() + interval '30 days', now() + interval '30 days 2 hours', 'Europe/Berlin', $2, 'published'
           from generate_series(1, ${contendedEvents * 2}) n returning id`,
        [runTag, capacity],
      )
    ).map((r) => r.id);
    // The second half is enrolled through rpc/enroll directly (no function): what the function costs.
    const rpcEvents = events.splice(contendedEvents);
    await sql(`drop table if exists public.bench_plain_inserts;
      create table public.bench_plain_inserts (id bigint generated always as identity primary key, event_id uuid, user_id uuid, created_at timestamptz not null default now());
      alter table public.bench_plain_inserts enable row level security;
      create policy bench_plain_inserts_insert_by_signed_in on public.bench_plain_inserts for insert to authenticated with check (true);
      grant insert (event_id, user_id) on public.bench_plain_inserts to authenticated;
      notify pgrst, 'reload schema';`);
    for (let i = 0; ; i++) {
      const res = await fetch(`${rest}/bench_plain_inserts`, {
        method: "POST",
        headers: { ...asSeeker, "content-type": "application/json", prefer: "return=minimal" },
        body: "{}",
      });
      if (res.status === 201) break;
      if (i > 50) throw new StackError(`PostgREST did not pick up the throwaway table: ${res.status} ${await res.text()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const enrollMeasurements: Measurement[] = [];
    const plainMeasurements: Measurement[] = [];
    const rpcMeasurements: Measurement[] = [];
    const enrollCpu = { enroll: [] as CpuSplit[], rpc: [] as CpuSplit[], plain: [] as CpuSplit[] };
    for (const [i, event] of events.entries()) {
      const burst = (pathName: string, extra: Record<string, string>, target_event = event) =>
        http({
          url: target.apiUrl,
          connections: contenders,
          amount: contenders,
          requests: contenderTokens.map((token, i) => ({
            method: "POST",
            path: pathName,
            headers: { apikey: target.anonKey, authorization: `Bearer ${token}`, "content-type": "application/json", ...extra },
            body: JSON.stringify(
              pathName.includes("bench_plain") ? { event_id: target_event, user_id: contenderIds[i] } : { event_id: target_event },
            ),
          })),
        });
      enrollMeasurements.push(await profiled(enrollCpu.enroll, () => burst("/functions/v1/enrollments", {})));
      plainMeasurements.push(await profiled(enrollCpu.plain, () => burst("/rest/v1/bench_plain_inserts", { prefer: "return=minimal" })));
      rpcMeasurements.push(await profiled(enrollCpu.rpc, () => burst("/rest/v1/rpc/enroll", {}, rpcEvents[i])));
    }
    const cpuPerRequest = (splits: CpuSplit[]) =>
      Object.entries(perRequest(splits, contenders * splits.length))
        .map(([k, v]) => `${k} ${fmt(v)}`)
        .join(", ");
    if (pids)
      log.plain(
        `  CPU ms per request — function: ${cpuPerRequest(enrollCpu.enroll)}; rpc/enroll: ${cpuPerRequest(enrollCpu.rpc)}; plain insert: ${cpuPerRequest(enrollCpu.plain)}`,
      );
    await sql("drop table public.bench_plain_inserts; notify pgrst, 'reload schema';");
    const counts = await sql<{ id: string; capacity: number; enrolled_count: number; enrolled: number; waitlisted: number }>(
      `select e.id, e.capacity, e.enrolled_count,
              count(*) filter (where en.status = 'enrolled')::int as enrolled,
              count(*) filter (where en.status = 'waitlisted')::int as waitlisted
         from public.events e left join public.enrollments en on en.event_id = e.id
        where e.id = any($1::uuid[]) group by e.id`,
      [[...events, ...rpcEvents]],
    );
    const created = enrollMeasurements.reduce((s, m) => s + (m.statusCodes?.["201"] ?? 0), 0);
    const correct =
      counts.length === contendedEvents * 2 &&
      counts.every((c) => c.enrolled === capacity && c.enrolled_count === capacity && c.waitlisted === contenders - capacity) &&
      created === capacity * contendedEvents &&
      rpcMeasurements.every((m) => m.failures === 0) &&
      enrollMeasurements.every((m) => m.failures === 0) &&
      plainMeasurements.every((m) => m.failures === 0);
    const enrollTput = median(enrollMeasurements, (m) => m.throughput);
    const plainTput = median(plainMeasurements, (m) => m.throughput);
    const rpcTput = median(rpcMeasurements, (m) => m.throughput);
    // The target applies to enrolling as the SDK does it (rpc/enroll, one PostgREST call); the
    // enrollments function (one more hop: the gateway again and a Deno process) is reported beside it.
    report({
      name: "enrollment-contention",
      value: rpcTput / plainTput,
      unit: "× plain insert",
      target: "≥ 0.5× plain insert (rpc/enroll, the SDK's path), never over capacity",
      met: correct && rpcTput / plainTput >= 0.5,
      line: `enrollment-contention: rpc/enroll (the SDK) ${fmt(rpcTput / plainTput)}× plain insert through PostgREST (${fmt(rpcTput, 0)} vs ${fmt(plainTput, 0)} req/s); the enrollments function ${fmt(enrollTput / plainTput)}× (${fmt(enrollTput, 0)} req/s); seats ${counts
        .map((c) => `${c.enrolled}/${c.capacity}`)
        .join(
          " ",
        )}, ${counts.reduce((s, c) => s + c.waitlisted, 0)} waitlisted, ${correct ? "never over capacity" : "WRONG COUNTS"} (target: ≥ 0.5×, correct under contention)`,
      measurements: { enroll: enrollMeasurements, plain: plainMeasurements, rpc: rpcMeasurements, correct, created },
    });

    // 5. Votes with the realtime broadcast trigger on vs off (postgres-changes publication stays).
    log.step("Votes: broadcast trigger on vs off");
    const planningEvent = (await sql<{ id: string }>(`select ${eventId("20")} as id`))[0]?.id as string;
    const slots = (
      await sql<{ id: string }>("select id from public.time_slots where event_id = $1 order by starts_at", [planningEvent])
    ).map((r) => r.id);
    const voters = (await sql<{ id: string }>(`select ${userId("1000 + n")} as id from generate_series(1, 40) n`)).map((r) => r.id);
    await sql(
      "insert into public.event_members (event_id, user_id, role) select $1, u, 'member' from unnest($2::uuid[]) u on conflict do nothing",
      [planningEvent, voters],
    );
    const voterTokens = await Promise.all(voters.map((id) => signToken(users, id, { client: db })));
    const voteRequests: HttpRequestSpec[] = voterTokens.flatMap((token, i) =>
      slots.map((slot, s) => ({
        method: "POST" as const,
        path: "/rest/v1/slot_votes?on_conflict=slot_id,user_id",
        headers: {
          apikey: target.anonKey,
          authorization: `Bearer ${token}`,
          "content-type": "application/json",
          prefer: "resolution=merge-duplicates,return=minimal",
        },
        body: JSON.stringify({ slot_id: slot, answer: (i + s) % 2 ? "yes" : "if_need_be" }),
      })),
    );
    // Two lists with opposite answers, so every pass really changes rows.
    const flipped = voteRequests.map((r) => ({
      ...r,
      body: r.body?.replace(/"yes"|"if_need_be"/, (a) => (a === '"yes"' ? '"if_need_be"' : '"yes"')),
    }));
    let pass = 0;
    const vote = () => http({ url: target.apiUrl, connections, seconds, requests: pass++ % 2 ? flipped : voteRequests });
    const messagesBefore = Number((await sql<{ n: string }>("select count(*) as n from realtime.messages"))[0]?.n);
    let on: Measurement[];
    let off: Measurement[];
    try {
      [on, off] = await alternate(vote, async () => {
        await sql("alter table public.slot_votes disable trigger slot_votes_broadcast");
        try {
          return await vote();
        } finally {
          await sql("alter table public.slot_votes enable trigger slot_votes_broadcast");
        }
      });
    } finally {
      await sql("alter table public.slot_votes enable trigger slot_votes_broadcast");
    }
    assertClean("votes", [...on, ...off]);
    const broadcasts = Number((await sql<{ n: string }>("select count(*) as n from realtime.messages"))[0]?.n) - messagesBefore;
    const voteRatio = median(on, (m) => m.throughput) / median(off, (m) => m.throughput);
    const p99Ratio = median(on, (m) => m.p99) / median(off, (m) => m.p99);
    const onRequests = on.reduce((s, m) => s + m.requests, 0);
    report({
      name: "votes-realtime",
      value: voteRatio,
      unit: "×",
      target: "throughput on/off ≥ 0.8×",
      // Requests still in flight when a timed run ends are served but not counted: at least one each.
      met: voteRatio >= 0.8 && broadcasts >= onRequests,
      line: `votes-realtime: throughput on/off ${fmt(voteRatio)}× (${fmt(
        median(on, (m) => m.throughput),
        0,
      )} vs ${fmt(
        median(off, (m) => m.throughput),
        0,
      )} votes/s), p99 ${fmt(p99Ratio)}× (${fmt(median(on, (m) => m.p99))} vs ${fmt(median(off, (m) => m.p99))} ms), ${broadcasts}/${onRequests} broadcasts (target: ≥ 0.8×)`,
      measurements: { on, off, p99Ratio, broadcasts, onRequests },
    });

    // 6. Email dispatch through the outbox vs direct SMTP (local stack only: it needs the catcher).
    if (stack) {
      log.step("Email dispatch: outbox vs direct SMTP");
      const mailEvent = (await sql<{ id: string }>(`select ${eventId("1")} as id`))[0]?.id as string;
      const mail = await measureEmailDispatch({
        apiUrl: target.apiUrl,
        serviceRoleKey: target.serviceRoleKey,
        mailUrl: stack.info.mailUrl,
        smtpPort: stack.info.smtpPort,
        eventId: mailEvent,
        sql,
        count: 300,
      });
      const mailRatio = mail.outboxPerSecond / mail.directPerSecond;
      const ms = mail.dispatcherMs;
      const share = (part: number) => `${fmt((100 * part) / Math.max(ms.total, 1), 0)}%`;
      report({
        name: "email-dispatch",
        value: mailRatio,
        unit: "× direct SMTP",
        target: "≥ 0.5× direct SMTP, every email exactly once",
        met: mail.correct && mailRatio >= 0.5,
        line: `email-dispatch: ${fmt(mailRatio)}× direct SMTP (${fmt(mail.outboxPerSecond, 0)} vs ${fmt(mail.directPerSecond, 0)} emails/s, median of ${
          mail.rounds
        } rounds; cold first ${fmt(mail.coldOutboxPerSecond, 0)} vs ${fmt(mail.coldDirectPerSecond, 0)}), ${mail.delivered}/${
          mail.count
        } delivered once, ${mail.sentRows} rows sent; dispatcher time: claim ${share(ms.claim)}, render ${share(ms.render)}, SMTP ${share(
          ms.smtp,
        )}, mark ${share(ms.mark)} (render and SMTP summed over concurrent sends) (target: ≥ 0.5×, exactly once)`,
        measurements: {
          ...Object.fromEntries(Object.entries(mail).filter(([key]) => key !== "dispatcherMs")),
          ...Object.fromEntries(Object.entries(ms).map(([key, value]) => [`dispatcherMs_${key}`, value])),
        },
      });
    } else {
      report({
        name: "email-dispatch",
        value: null,
        unit: "",
        target: "not counted",
        met: true,
        skipped: "hosted project: no mail catcher to count deliveries",
        line: "email-dispatch: skipped (hosted: no mail catcher)",
        measurements: {},
      });
    }

    const result: Report = {
      date: new Date().toISOString(),
      full,
      machine: machine(),
      settings: { seconds, connections, contenders, contendedEvents, target: hosted ? "hosted" : "local stack" },
      growth,
      scenarios,
      seconds: (Date.now() - started) / 1000,
    };
    const files = writeReport(path.join(root, "bench", "results"), result);
    log.ok(`Wrote ${files.map((f) => path.relative(root, f)).join(", ")}`);
    const missed = scenarios.filter((s) => !s.met);
    log.plain(missed.length ? `${missed.length} target(s) missed: ${missed.map((s) => s.name).join(", ")}` : "All targets met");
    return missed.length ? 1 : 0;
  } finally {
    await pool?.end();
    await teardown();
  }
});
