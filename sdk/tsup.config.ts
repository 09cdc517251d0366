// Builds the published package: ESM + CJS JavaScript and bundled .d.ts for the two entries. The
// shared contract (supabase/functions/_shared/schemas.ts, also imported by the edge functions) is
// bundled in; supabase-js and zod stay dependencies.
import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts", admin: "src/admin.ts" },
  format: ["esm", "cjs"],
  dts: true,
  target: "es2022",
  platform: "neutral",
  sourcemap: true,
  clean: true,
  external: ["@supabase/supabase-js", "zod"],
  tsconfig: "tsconfig.build.json",
});
