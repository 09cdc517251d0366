// Seed users sign in locally with the password the README names (stack/seed/local-demo.sql), and
// what hosted branches apply is exactly the file pgTAP's 06_seed_hosted_safe replays.
import { readFileSync } from "node:fs";
import { decodeJwt } from "jose";
import { parse } from "smol-toml";
import { afterAll, describe, expect, it } from "vitest";
import { signIn } from "../stack/lib/users.ts";
import { closeDb, env } from "./helpers/stack.ts";

afterAll(closeDb);

describe("seed", () => {
  it("seed users sign in through Auth with the README's password; Ada is the local admin", async () => {
    const readme = readFileSync("README.md", "utf8");
    const password = /sign in with the password `([^`]+)`/.exec(readme)?.[1];
    expect(password).toBe("gatherhub-demo");
    const ada = await signIn(env, "ada@gatherhub.dev", password as string);
    expect(decodeJwt(ada.access_token)).toMatchObject({ email: "ada@gatherhub.dev", user_role: "admin" });
    const fatima = await signIn(env, "fatima@gatherhub.dev", password as string);
    expect(decodeJwt(fatima.access_token)).toMatchObject({ user_role: "facilitator" });
  });

  it("Supabase Branching seeds preview branches with supabase/seed.sql only (checked by pgTAP 06_seed_hosted_safe)", () => {
    const config = parse(readFileSync("supabase/config.toml", "utf8")) as { db: { seed: { sql_paths: string[] } } };
    expect(config.db.seed.sql_paths).toEqual(["./seed.sql"]);
  });
});
