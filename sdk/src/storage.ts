// Image uploads to public buckets: type and size are checked before any request (the bucket row
// enforces the same limits server-side), and files land under the caller's own folder.
import type { z } from "zod";
import type { ImageType, imageFile } from "../../supabase/functions/_shared/schemas.ts";
import { fail, GatherHubError, invalidInput, ok, type Result } from "./errors.ts";
import type { Context } from "./types.ts";

type ImageSchema = ReturnType<typeof imageFile>;

const extensions: Record<ImageType, string> = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" };

export function validateImage(schema: ImageSchema, file: { name: string; type: string; size: number }): Result<z.infer<ImageSchema>> {
  const parsed = schema.safeParse({ name: file.name, type: file.type, size: file.size });
  return parsed.success ? ok(parsed.data) : invalidInput("The image is not accepted.", parsed.error);
}

/** Uploads under `<user id>/<random>.<ext>` in the bucket and returns the object path. */
export async function uploadImage(
  ctx: Context,
  bucket: "avatars" | "session-images",
  schema: ImageSchema,
  file: Blob & { name: string },
): Promise<Result<string>> {
  const valid = validateImage(schema, file);
  if (valid.error) return valid;
  const userId = await ctx.currentUserId();
  if (!userId) return fail(new GatherHubError("unauthorized", "Sign in first.", 401));
  const path = `${userId}/${crypto.randomUUID()}.${extensions[valid.data.type]}`;
  const { error } = await ctx.supabase.storage.from(bucket).upload(path, file, { contentType: valid.data.type, upsert: false });
  return error ? fail(new GatherHubError("unavailable", error.message)) : ok(path);
}
