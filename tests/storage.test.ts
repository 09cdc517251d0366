// Supabase Storage for real, through the gateway at /storage/v1: supabase-js storage and the SDK
// against the buckets and policies our migrations define.
import { createClient } from "@supabase/supabase-js";
import { afterAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { buckets } from "../supabase/functions/_shared/contract/buckets.generated.ts";
import { closeDb, createUser, db, env, sdkFor, type TestUser } from "./helpers/stack.ts";

afterAll(closeDb);

const storageAs = (user?: TestUser) =>
  createClient(env.url, env.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as never },
    ...(user ? { global: { headers: { Authorization: `Bearer ${user.token}` } } } : {}),
  }).storage;

// A real PNG header, then filler up to the size asked for.
const png = (size: number) => {
  const bytes = new Uint8Array(size);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].slice(0, size));
  for (let i = 8; i < size; i++) bytes[i] = (i * 31) % 256;
  return bytes;
};
const file = (bytes: Uint8Array<ArrayBuffer>, type: string, name: string) => Object.assign(new Blob([bytes], { type }), { name });

describe("Storage through the gateway (supabase-js)", () => {
  it("a user uploads an avatar into their own folder and downloads it byte for byte", async () => {
    const user = await createUser();
    const bytes = png(4096);
    const path = `${user.id}/me.png`;
    const up = await storageAs(user).from("avatars").upload(path, bytes, { contentType: "image/png" });
    expect(up.error).toBeNull();
    const down = await storageAs(user).from("avatars").download(path);
    expect(down.error).toBeNull();
    expect(new Uint8Array(await (down.data as Blob).arrayBuffer())).toEqual(bytes);
  });

  it("refuses another user's folder (403), a wrong type (415) and one byte over the bucket limit (413)", async () => {
    const [user, other] = await Promise.all([createUser(), createUser()]);
    const avatars = storageAs(user).from("avatars");
    const elsewhere = await avatars.upload(`${other.id}/me.png`, png(100), { contentType: "image/png" });
    expect(elsewhere.error).toMatchObject({ statusCode: "403" });
    const svg = await avatars.upload(`${user.id}/me.svg`, new TextEncoder().encode("<svg/>"), { contentType: "image/svg+xml" });
    expect(svg.error).toMatchObject({ statusCode: "415" });
    const limit = buckets.avatars.fileSizeLimit;
    const over = await avatars.upload(`${user.id}/big.png`, png(limit + 1), { contentType: "image/png" });
    expect(over.error).toMatchObject({ statusCode: "413" });
    const exact = await avatars.upload(`${user.id}/exact.png`, png(limit), { contentType: "image/png" });
    expect(exact.error).toBeNull();
  });

  it("only the owner deletes an object", async () => {
    const [owner, other] = await Promise.all([createUser(), createUser()]);
    const path = `${owner.id}/gone.png`;
    expect((await storageAs(owner).from("avatars").upload(path, png(64), { contentType: "image/png" })).error).toBeNull();
    // Storage answers a delete RLS hides with an empty list, as Supabase does.
    const refused = await storageAs(other).from("avatars").remove([path]);
    expect(refused.data).toEqual([]);
    expect(await db("select 1 from storage.objects where bucket_id = 'avatars' and name = $1", [path])).toHaveLength(1);
    const removed = await storageAs(owner).from("avatars").remove([path]);
    expect(removed.data).toHaveLength(1);
    expect(await db("select 1 from storage.objects where bucket_id = 'avatars' and name = $1", [path])).toHaveLength(0);
  });

  it("a seeker cannot upload session images; a creator can, and anyone reads the public URL without a token", async () => {
    const [seeker, creator] = await Promise.all([createUser("seeker"), createUser("creator")]);
    const refused = await storageAs(seeker).from("session-images").upload(`${seeker.id}/s.png`, png(64), { contentType: "image/png" });
    expect(refused.error).toMatchObject({ statusCode: "403" });
    const bytes = png(2048);
    const path = `${creator.id}/wheel.png`;
    expect((await storageAs(creator).from("session-images").upload(path, bytes, { contentType: "image/png" })).error).toBeNull();
    const { publicUrl } = storageAs().from("session-images").getPublicUrl(path).data;
    expect(publicUrl).toBe(`${env.url}/storage/v1/object/public/session-images/${path}`);
    const response = await fetch(publicUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes);
  });

  it("the API key is checked like on Supabase: none or a wrong one is refused before Storage", async () => {
    const user = await createUser();
    const url = `${env.url}/storage/v1/object/avatars/${user.id}/x.png`;
    const none = await fetch(url, { method: "POST", headers: { authorization: `Bearer ${user.token}` }, body: png(8) });
    expect(none.status).toBe(401);
    const wrong = await fetch(url, { method: "POST", headers: { authorization: `Bearer ${user.token}`, apikey: "nope" }, body: png(8) });
    expect(wrong.status).toBe(401);
  });
});

describe("SDK uploads through Storage", () => {
  it("uploadAvatar stores the file under the user's folder and points the profile at it", async () => {
    const user = await createUser();
    const hub = sdkFor(user);
    const bytes = png(1024);
    const result = await hub.profiles.uploadAvatar(file(bytes, "image/png", "me.png"));
    expect(result.error).toBeNull();
    const avatarPath = result.data?.avatar_path ?? "";
    expect(avatarPath).toMatch(new RegExp(`^${user.id}/[0-9a-f-]+\\.png$`));
    const publicUrl = hub.storage.publicUrl("avatars", avatarPath);
    expect(new Uint8Array(await (await fetch(publicUrl)).arrayBuffer())).toEqual(bytes);
  });

  it("setSessionImage uploads as the creator and updates the session row; a seeker is refused", async () => {
    const creator = await createUser("creator");
    const hub = sdkFor(creator);
    const created = await hub.sessions.create({
      title: "Wheel throwing",
      price_minor: 0,
      currency: "eur",
      duration_minutes: 60,
      location: "Studio",
      starts_at: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      capacity: 4,
    });
    expect(created.error).toBeNull();
    const id = created.data?.id as string;
    const updated = await hub.sessions.setImage(id, file(png(512), "image/webp", "wheel.webp"));
    expect(updated.error).toBeNull();
    expect(updated.data?.image_path).toMatch(new RegExp(`^${creator.id}/[0-9a-f-]+\\.webp$`));

    const seeker = sdkFor(await createUser("seeker"));
    const refused = await seeker.sessions.uploadImage(file(png(512), "image/png", "s.png"));
    expect(refused.error).toMatchObject({ code: "forbidden", status: 403 });
  });

  it("type and size refusals are typed errors: invalid_type, too_large", async () => {
    const hub = sdkFor(await createUser());
    const gif = await hub.profiles.uploadAvatar(file(new Uint8Array([0x47, 0x49, 0x46]), "image/gif", "a.gif"));
    expect(gif.error).toMatchObject({ code: "invalid_type" });
    const big = await hub.profiles.uploadAvatar(file(png(buckets.avatars.fileSizeLimit + 1), "image/png", "a.png"));
    expect(big.error).toMatchObject({ code: "too_large" });
  });

  it("Storage's own refusals map to the same codes when a client skips the SDK's checks", async () => {
    const { storageError } = await import("../sdk/src/storage.ts");
    const user = await createUser();
    const avatars = storageAs(user).from("avatars");
    const svg = await avatars.upload(`${user.id}/x.svg`, new Uint8Array([1]), { contentType: "image/svg+xml" });
    const big = await avatars.upload(`${user.id}/x.png`, png(buckets.avatars.fileSizeLimit + 1), { contentType: "image/png" });
    const other = await avatars.upload(`${crypto.randomUUID()}/x.png`, png(8), { contentType: "image/png" });
    expect([svg.error, big.error, other.error].map((e) => storageError(e).code)).toEqual(["invalid_type", "too_large", "forbidden"]);
  });
});
