import { avatarImage, type ProfileUpdate, profileUpdate } from "@gatherhub/contract";
import { fail, fromPostgrest, GatherHubError, invalidInput, ok, type Result } from "./errors.ts";
import { uploadImage, validateImage } from "./storage.ts";
import type { Context, Profile, UserRole } from "./types.ts";

export function profilesApi(ctx: Context) {
  const myId = () => ctx.currentUserId();

  return {
    /** The signed-in user's profile. */
    async getMine(): Promise<Result<Profile>> {
      const id = await myId();
      if (!id) return fail(new GatherHubError("unauthorized", "Sign in first.", 401));
      const { data, error, status } = await ctx.supabase.from("profiles").select("*").eq("id", id).single();
      return error ? fail(fromPostgrest(error, status)) : ok(data);
    },

    async get(id: string): Promise<Result<Profile>> {
      const { data, error, status } = await ctx.supabase.from("profiles").select("*").eq("id", id).single();
      return error ? fail(fromPostgrest(error, status)) : ok(data);
    },

    /** Changes the caller's display name, bio or avatar path; role and id are not editable. */
    async updateMine(patch: ProfileUpdate): Promise<Result<Profile>> {
      const parsed = profileUpdate.safeParse(patch);
      if (!parsed.success) return invalidInput("The profile update is invalid.", parsed.error);
      const id = await myId();
      if (!id) return fail(new GatherHubError("unauthorized", "Sign in first.", 401));
      const { data, error, status } = await ctx.supabase.from("profiles").update(parsed.data).eq("id", id).select("*").single();
      return error ? fail(fromPostgrest(error, status)) : ok(data);
    },

    /** Checks an avatar's type (png/jpeg/webp) and size (2 MiB) without uploading. */
    validateAvatar: (file: { name: string; type: string; size: number }) => validateImage(avatarImage, file),

    /** Uploads an avatar under the caller's folder (after the same checks) and points the profile at it. */
    async uploadAvatar(file: Blob & { name: string }): Promise<Result<Profile>> {
      const uploaded = await uploadImage(ctx, "avatars", avatarImage, file);
      if (uploaded.error) return uploaded;
      return this.updateMine({ avatar_path: uploaded.data });
    },

    /** Admins only: the database refuses everyone else. */
    async setRole(userId: string, role: UserRole): Promise<Result<Profile>> {
      const { data, error, status } = await ctx.supabase.rpc("set_user_role", { target: userId, new_role: role });
      return error ? fail(fromPostgrest(error, status)) : ok(data as Profile);
    },
  };
}
