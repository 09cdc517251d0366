// `npm run types`: regenerates the contract's database.types.ts with `supabase gen types`, the buckets'
// limits (buckets.generated.ts, from storage.buckets) and the refusal table (refusals.generated.ts,
// from private.refusals) from a throw-away cluster built from the migrations, so the files never
// depend on the state of the dev database.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { log, runMain } from "./lib/log.ts";
import { freePort } from "./lib/proc.ts";
import { prepareDatabase } from "./lib/stack.ts";
import { bucketsFile, generateBuckets, generateRefusals, generateTypes, refusalsFile, typesFile } from "./lib/suites.ts";

await runMain(async () => {
  const home = mkdtempSync(path.join(os.tmpdir(), "gatherhub-types-"));
  const cluster = await prepareDatabase(home, await freePort(), { ephemeral: true, say: log.step });
  try {
    writeFileSync(typesFile, generateTypes(cluster.url));
    writeFileSync(bucketsFile, await generateBuckets(cluster.url));
    writeFileSync(refusalsFile, await generateRefusals(cluster.url));
    log.ok(`Wrote ${[typesFile, bucketsFile, refusalsFile].map((f) => path.relative(process.cwd(), f)).join(", ")}`);
  } finally {
    await cluster.stop();
    rmSync(home, { recursive: true, force: true });
  }
});
