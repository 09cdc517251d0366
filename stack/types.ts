// `npm run types`: regenerates sdk/src/database.types.ts with `supabase gen types` (and the buckets'
// limits, supabase/functions/_shared/buckets.generated.ts, from storage.buckets) from a throw-away
// cluster built from the migrations, so the file never depends on the state of the dev database.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { log, runMain } from "./lib/log.ts";
import { freePort } from "./lib/proc.ts";
import { prepareDatabase } from "./lib/stack.ts";
import { bucketsFile, generateBuckets, generateTypes, typesFile } from "./lib/suites.ts";

await runMain(async () => {
  const home = mkdtempSync(path.join(os.tmpdir(), "gatherhub-types-"));
  const cluster = await prepareDatabase(home, await freePort(), { ephemeral: true, say: log.step });
  try {
    writeFileSync(typesFile, generateTypes(cluster.url));
    writeFileSync(bucketsFile, await generateBuckets(cluster.url));
    log.ok(`Wrote ${path.relative(process.cwd(), typesFile)} and ${path.relative(process.cwd(), bucketsFile)}`);
  } finally {
    await cluster.stop();
    rmSync(home, { recursive: true, force: true });
  }
});
