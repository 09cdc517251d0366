// Runs one autocannon load in its own process, so the load generator never shares an event loop
// with the gateway it measures. argv[2]: path of a JSON LoadSpec. Prints a Measurement as JSON.
// Latencies are taken from autocannon's `response` events (float ms): its summary histogram
// rounds to whole milliseconds, too coarse for ratios of few-millisecond requests.
import { readFileSync } from "node:fs";
import autocannon from "autocannon";
import type { LoadSpec, Measurement } from "./load.ts";

const spec = JSON.parse(readFileSync(process.argv[2] ?? "", "utf8")) as LoadSpec;
let next = 0;
// autocannon's own duration counts whole one-second ticks; short bounded bursts need the wall clock.
const startedAt = performance.now();
let lastAnswerAt = startedAt;
const latencies: number[] = [];
const statusCodes: Record<string, number> = {};

const instance = autocannon(
  {
    url: spec.url,
    connections: spec.connections,
    ...(spec.amount ? { amount: spec.amount } : { duration: spec.seconds ?? 5 }),
    timeout: 30,
    requests: [
      {
        // Each request takes the next entry of the list: different users, slots, events.
        setupRequest: (req) => {
          const r = spec.requests[next++ % spec.requests.length];
          if (!r) return req;
          return { ...req, method: r.method, path: r.path, headers: r.headers, body: r.body };
        },
      },
    ],
  },
  (err, result) => {
    if (err) throw err;
    latencies.sort((a, b) => a - b);
    const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
    const seconds = (lastAnswerAt - startedAt) / 1000;
    const requests = result.requests.total;
    const measurement: Measurement = {
      tool: "autocannon",
      requests,
      seconds,
      throughput: requests / seconds,
      p50: at(50),
      p99: at(99),
      failures: result.non2xx + result.errors + result.timeouts,
      statusCodes,
    };
    process.stdout.write(JSON.stringify(measurement));
  },
);
instance.on("response", (_client, statusCode, _bytes, responseTime) => {
  lastAnswerAt = performance.now();
  latencies.push(responseTime);
  statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
});
