// Image uploads through Supabase Storage: type and size are checked before any request, against the
// bucket rows' own limits (buckets.generated.ts, generated from storage.buckets by `npm run types`),
// files land under the caller's own folder, and every refusal, ours or Storage's, is a typed error:
// `invalid_type` (415), `too_large` (413), `forbidden` (403).

import { type BucketId, buckets, fieldErrors, type ImageType, type imageFile } from "@gatherhub/contract";
import type { z } from "zod";
import { type ErrorCode, fail, GatherHubError, ok, type Result } from "./errors.ts";
import type { Context } from "./types.ts";

type ImageSchema = ReturnType<typeof imageFile>;

const extensions: Record<ImageType, string> = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" };

export function validateImage(schema: ImageSchema, file: { name: string; type: string; size: number }): Result<z.infer<ImageSchema>> {
  const parsed = schema.safeParse({ name: file.name, type: file.type, size: file.size });
  if (parsed.success) return ok(parsed.data);
  const fields = new Set(parsed.error.issues.map((i) => String(i.path[0])));
  const [code, status]: [ErrorCode, number | null] = fields.has("type")
    ? ["invalid_type", 415]
    : fields.has("size") && parsed.error.issues.some((i) => i.code === "too_big")
      ? ["too_large", 413]
      : ["invalid_input", null];
  return fail(new GatherHubError(code, "The image is not accepted.", status, fieldErrors(parsed.error)));
}

/** Maps a supabase-js Storage error (HTTP status, or Storage's `statusCode`) to the SDK's codes. */
export function storageError(error: unknown): GatherHubError {
  const e = (error ?? {}) as { message?: string; status?: number; statusCode?: string };
  const status = Number(e.statusCode) || e.status || null;
  const codes: Record<number, ErrorCode> = {
    400: "invalid_input",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    409: "conflict",
    413: "too_large",
    415: "invalid_type",
    429: "rate_limited",
  };
  const code = (status && codes[status]) || (status && status < 500 ? "invalid_input" : "unavailable");
  return new GatherHubError(code, e.message ?? "Storage refused the upload.", status);
}

/** The public URL of an object in a public bucket (readable without a token). */
export function publicUrl(ctx: Context, bucket: BucketId, path: string): string {
  return ctx.supabase.storage.from(bucket).getPublicUrl(path).data.publicUrl;
}

/** Uploads under `<user id>/<random>.<ext>` in the bucket and returns the object path. */
export async function uploadImage(
  ctx: Context,
  bucket: BucketId,
  schema: ImageSchema,
  file: Blob & { name: string },
): Promise<Result<string>> {
  const valid = validateImage(schema, file);
  if (valid.error) return valid;
  const userId = await ctx.currentUserId();
  if (!userId) return fail(new GatherHubError("unauthorized", "Sign in first.", 401));
  const path = `${userId}/${crypto.randomUUID()}.${extensions[valid.data.type]}`;
  const { error } = await ctx.supabase.storage.from(bucket).upload(path, file, { contentType: valid.data.type, upsert: false });
  return error ? fail(storageError(error)) : ok(path);
}

export function storageApi(ctx: Context) {
  return {
    /** The buckets with their limits, as the database defines them. */
    buckets,
    publicUrl: (bucket: BucketId, path: string) => publicUrl(ctx, bucket, path),
  };
}
