// The SDK's auth and avatar helpers: what the SDK decides itself, before any request. The round trips
// through Supabase Auth (sign-up, OTP, OAuth, sessions, account emails) are in auth-flows.test.ts.
import { afterAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createGatherHub } from "../sdk/src/index.ts";
import { closeDb, createUser, env, sdkFor } from "./helpers/stack.ts";

afterAll(closeDb);

function countingSdk(accessToken?: string) {
  const calls: string[] = [];
  const counted: typeof fetch = (input, init) => {
    calls.push(String(input instanceof Request ? input.url : input));
    return fetch(input, init);
  };
  const hub = createGatherHub({
    url: env.url,
    anonKey: env.anonKey,
    fetch: counted,
    webSocket: WebSocket,
    ...(accessToken ? { accessToken } : {}),
  });
  return { hub, calls };
}

describe("auth", () => {
  it("refuses to sign up as admin before any request", async () => {
    const { hub, calls } = countingSdk();
    // @ts-expect-error admin is not a sign-up role
    const { error } = await hub.auth.signUp({ email: "mallory@example.com", password: "long enough 1", role: "admin" });
    expect(error?.code).toBe("invalid_input");
    expect(error?.details).toEqual([expect.objectContaining({ field: "role" })]);
    expect(calls).toEqual([]);
  });

  it("checks email and code shapes locally", async () => {
    const { hub, calls } = countingSdk();
    expect((await hub.auth.requestOtp("not-an-email")).error?.code).toBe("invalid_input");
    expect((await hub.auth.verifyOtp("a@example.com", "12ab56")).error?.code).toBe("invalid_input");
    expect(calls).toEqual([]);
  });

  it("builds the GitHub authorize URL on this project's Auth with the redirect", async () => {
    const { data } = await sdkFor().auth.oauthUrl("github", "http://127.0.0.1:3000/auth/callback");
    const url = new URL(data!);
    expect(`${url.origin}${url.pathname}`).toBe(`${env.url}/auth/v1/authorize`);
    expect(url.searchParams.get("provider")).toBe("github");
    expect(url.searchParams.get("redirect_to")).toBe("http://127.0.0.1:3000/auth/callback");
  });

  it("currentUser returns the profile and role of the token's user", async () => {
    const user = await createUser("creator", "Cam Creator");
    const { data } = await sdkFor(user).auth.currentUser();
    expect(data).toMatchObject({ id: user.id, profile: { role: "creator", display_name: "Cam Creator" } });
    expect((await sdkFor().auth.currentUser()).error?.code).toBe("unauthorized");
  });
});

describe("avatars", () => {
  it("refuses wrong types and oversized files before any upload", async () => {
    const user = await createUser();
    const { hub, calls } = countingSdk(user.token);
    const svg = Object.assign(new Blob(["<svg/>"], { type: "image/svg+xml" }), { name: "me.svg" });
    const huge = Object.assign(new Blob([new Uint8Array(3 * 1024 * 1024)], { type: "image/png" }), { name: "me.png" });
    expect((await hub.profiles.uploadAvatar(svg)).error?.details).toEqual([expect.objectContaining({ field: "type" })]);
    expect((await hub.profiles.uploadAvatar(huge)).error?.details).toEqual([expect.objectContaining({ field: "size" })]);
    expect(calls).toEqual([]);
    expect(hub.profiles.validateAvatar({ name: "ok.webp", type: "image/webp", size: 1000 }).error).toBeNull();
  });
});
