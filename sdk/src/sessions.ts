// Paid sessions: browse published ones; creators create, edit, publish and upload images.
import {
  type SessionCreate,
  type SessionImage,
  type SessionUpdate,
  sessionCreate,
  sessionImage,
  sessionUpdate,
} from "../../supabase/functions/_shared/schemas.ts";
import { fail, fromPostgrest, invalidInput, ok, type Result } from "./errors.ts";
import type { Context, Tables } from "./index.ts";
import { uploadImage, validateImage } from "./storage.ts";

export type Session = Tables<"sessions">;
export type { SessionCreate, SessionImage, SessionUpdate };

export interface SessionListOptions {
  /** Only sessions that have not started (default true). */
  upcoming?: boolean;
  creatorId?: string;
  limit?: number;
  offset?: number;
}

/** Checks an image's type and size before any upload (the bucket enforces the same limits). */
export function validateSessionImage(file: { name: string; type: string; size: number }): Result<SessionImage> {
  return validateImage(sessionImage, file);
}

export function sessionsApi(ctx: Context) {
  return {
    /** Published sessions, soonest first. */
    async list({ upcoming = true, creatorId, limit = 50, offset = 0 }: SessionListOptions = {}): Promise<Result<Session[]>> {
      let query = ctx.supabase.from("sessions").select("*").eq("published", true);
      if (upcoming) query = query.gt("starts_at", new Date().toISOString());
      if (creatorId) query = query.eq("creator_id", creatorId);
      const { data, error, status } = await query.order("starts_at").range(offset, offset + limit - 1);
      return error ? fail(fromPostgrest(error, status)) : ok(data);
    },

    async get(id: string): Promise<Result<Session>> {
      const { data, error, status } = await ctx.supabase.from("sessions").select("*").eq("id", id).single();
      return error ? fail(fromPostgrest(error, status)) : ok(data);
    },

    /** Creators only (the database refuses everyone else). Drafts unless `published: true`. */
    async create(input: SessionCreate): Promise<Result<Session>> {
      const parsed = sessionCreate.safeParse(input);
      if (!parsed.success) return invalidInput("The session is invalid.", parsed.error);
      const { data, error, status } = await ctx.supabase.from("sessions").insert(parsed.data).select("*").single();
      return error ? fail(fromPostgrest(error, status)) : ok(data);
    },

    /** The owner edits; anyone else changes nothing and gets not_found. */
    async update(id: string, patch: SessionUpdate): Promise<Result<Session>> {
      const parsed = sessionUpdate.safeParse(patch);
      if (!parsed.success) return invalidInput("The session update is invalid.", parsed.error);
      const { data, error, status } = await ctx.supabase.from("sessions").update(parsed.data).eq("id", id).select("*").single();
      return error ? fail(fromPostgrest(error, status)) : ok(data);
    },

    /** Publishing fails with a conflict when it would overlap another published session of the creator. */
    publish(id: string, published = true): Promise<Result<Session>> {
      return this.update(id, { published });
    },

    validateImage: validateSessionImage,

    /** Uploads an image under the creator's folder after checking type and size; returns its path. */
    uploadImage(file: Blob & { name: string }): Promise<Result<string>> {
      return uploadImage(ctx, "session-images", sessionImage, file);
    },

    /** Uploads the session's image through Storage and points the session at it (owner only). */
    async setImage(id: string, file: Blob & { name: string }): Promise<Result<Session>> {
      const uploaded = await uploadImage(ctx, "session-images", sessionImage, file);
      if (uploaded.error) return uploaded;
      return this.update(id, { image_path: uploaded.data });
    },
  };
}
