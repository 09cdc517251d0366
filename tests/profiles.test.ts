// Profiles through the SDK: owners edit display fields, never their role; admins change roles.
import { afterAll, describe, expect, it } from "vitest";
import { closeDb, createUser, db, sdkFor } from "./helpers/stack.ts";

afterAll(closeDb);

describe("profiles", () => {
  it("a user reads and updates their own profile", async () => {
    const user = await createUser("creator", "Cora");
    const sdk = sdkFor(user);
    const mine = await sdk.profiles.getMine();
    expect(mine.error).toBeNull();
    expect(mine.data).toMatchObject({ id: user.id, role: "creator", display_name: "Cora" });
    const updated = await sdk.profiles.updateMine({ bio: "Pottery classes" });
    expect(updated.data?.bio).toBe("Pottery classes");
  });

  it("invalid input is refused before any request, with the offending fields", async () => {
    const user = await createUser();
    const result = await sdkFor(user).profiles.updateMine({ display_name: "" });
    expect(result.error?.code).toBe("invalid_input");
    expect(result.error?.details).toEqual([expect.objectContaining({ field: "display_name" })]);
  });

  it("a seeker updating their own role through the API gets an error and the role is unchanged", async () => {
    const user = await createUser("seeker");
    const { error } = await sdkFor(user).supabase.from("profiles").update({ role: "admin" }).eq("id", user.id);
    expect(error?.code).toBe("42501");
    const [row] = await db<{ role: string }>("select role from public.profiles where id = $1", [user.id]);
    expect(row?.role).toBe("seeker");
  });

  it("a user cannot change someone else's profile", async () => {
    const [a, b] = await Promise.all([createUser(), createUser("seeker", "Bea")]);
    const { data } = await sdkFor(a).supabase.from("profiles").update({ display_name: "hacked" }).eq("id", b.id).select();
    expect(data).toEqual([]);
    const [row] = await db<{ display_name: string }>("select display_name from public.profiles where id = $1", [b.id]);
    expect(row?.display_name).toBe("Bea");
  });

  it("only an admin changes roles", async () => {
    const [admin, seeker] = await Promise.all([createUser("admin"), createUser("seeker")]);
    const refused = await sdkFor(seeker).profiles.setRole(seeker.id, "admin");
    expect(refused.error?.code).toBe("forbidden");
    const promoted = await sdkFor(admin).profiles.setRole(seeker.id, "facilitator");
    expect(promoted.data?.role).toBe("facilitator");
  });
});
