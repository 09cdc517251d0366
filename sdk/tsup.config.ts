// Builds the published package: ESM + CJS JavaScript and bundled .d.ts for the two entries. The
// workspace package @gatherhub/contract (supabase/functions/_shared/contract, also imported by the
// edge functions) is bundled in, code and types; supabase-js and zod stay dependencies.
import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts", admin: "src/admin.ts" },
  format: ["esm", "cjs"],
  dts: { resolve: ["@gatherhub/contract"] },
  target: "es2022",
  platform: "neutral",
  sourcemap: true,
  clean: true,
  external: ["@supabase/supabase-js", "zod"],
  noExternal: ["@gatherhub/contract"],
  tsconfig: "tsconfig.build.json",
});
