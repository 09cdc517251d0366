// Paid sessions: browse published ones; creators create, edit, publish and upload images.
import { type SessionCreate, type SessionImage, type SessionUpdate, sessionCreate, sessionImage, sessionUpdate } from "@gatherhub/contract";
import { fail, fromPostgrest, GatherHubError, invalidInput, ok, type Result } from "./errors.ts";
import { uploadImage, validateImage } from "./storage.ts";
import type { Context, Tables } from "./types.ts";

/** A session as the API shows it: the online link is not a readable column (see `onlineUrl`). */
export type Session = Omit<Tables<"sessions">, "online_url">;
/** Every column clients may read: `select=*` is refused because `online_url` is not readable. */
export const sessionColumns =
  "id, creator_id, title, description, price_minor, currency, duration_minutes, location, has_online_url, starts_at, ends_at, timezone, capacity, image_path, published, created_at, updated_at, checkin_opens_before";
export type { SessionCreate, SessionImage, SessionUpdate };

export interface SessionListOptions {
  /** Only sessions that have not started (default true). */
  upcoming?: boolean;
  creatorId?: string;
  limit?: number;
  offset?: number;
}

export interface SessionPage {
  rows: Session[];
  /** Pass as `after` for the next page; null on the last page. Opaque: do not parse it. */
  next: string | null;
}

// A keyset cursor: the last row's (starts_at, id), so a page never repeats or skips a row while
// sessions are published (offsets shift then).
const encodeCursor = (row: Pick<Session, "starts_at" | "id">) =>
  btoa(JSON.stringify([row.starts_at, row.id]))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");

function decodeCursor(cursor: string): [string, string] | null {
  try {
    const value = JSON.parse(atob(cursor.replace(/-/g, "+").replace(/_/g, "/"))) as unknown;
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [startsAt, id] = value as unknown[];
    if (typeof startsAt !== "string" || Number.isNaN(Date.parse(startsAt))) return null;
    if (typeof id !== "string" || !/^[0-9a-f-]{36}$/i.test(id)) return null;
    return [startsAt, id];
  } catch {
    return null;
  }
}

/** Checks an image's type and size before any upload (the bucket enforces the same limits). */
export function validateSessionImage(file: { name: string; type: string; size: number }): Result<SessionImage> {
  return validateImage(sessionImage, file);
}

export function sessionsApi(ctx: Context) {
  return {
    /** The public .ics of a published session, in the session's own timezone. */
    calendarUrl(id: string): string {
      return `${ctx.url}/functions/v1/calendar/sessions/${encodeURIComponent(id)}.ics`;
    },

    /** Published sessions, soonest first. */
    async list({ upcoming = true, creatorId, limit = 50, offset = 0 }: SessionListOptions = {}): Promise<Result<Session[]>> {
      let query = ctx.supabase.from("sessions").select(sessionColumns).eq("published", true);
      if (upcoming) query = query.gt("starts_at", new Date().toISOString());
      if (creatorId) query = query.eq("creator_id", creatorId);
      const { data, error, status } = await query.order("starts_at").range(offset, offset + limit - 1);
      return error ? fail(fromPostgrest(error, status)) : ok(data);
    },

    /**
     * Published sessions, soonest first, a page at a time through a cursor: stable while sessions
     * are added (`list` with `offset` is for UIs that show page numbers).
     */
    async listPage({
      upcoming = true,
      creatorId,
      limit = 50,
      after,
    }: Omit<SessionListOptions, "offset"> & { after?: string | null } = {}): Promise<Result<SessionPage>> {
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
        return fail(
          new GatherHubError("invalid_input", "limit must be between 1 and 1000.", null, [{ field: "limit", message: "1 to 1000" }]),
        );
      let query = ctx.supabase.from("sessions").select(sessionColumns).eq("published", true);
      if (upcoming) query = query.gt("starts_at", new Date().toISOString());
      if (creatorId) query = query.eq("creator_id", creatorId);
      if (after) {
        const keys = decodeCursor(after);
        if (!keys)
          return fail(
            new GatherHubError("invalid_input", "after is not a session cursor.", null, [{ field: "after", message: "Invalid cursor" }]),
          );
        const [startsAt, id] = keys;
        query = query.or(`starts_at.gt."${startsAt}",and(starts_at.eq."${startsAt}",id.gt.${id})`);
      }
      const { data, error, status } = await query.order("starts_at").order("id").limit(limit);
      if (error) return fail(fromPostgrest(error, status));
      const last = data.length === limit ? data.at(-1) : undefined;
      return ok({ rows: data, next: last ? encodeCursor(last) : null });
    },

    async get(id: string): Promise<Result<Session>> {
      const { data, error, status } = await ctx.supabase.from("sessions").select(sessionColumns).eq("id", id).single();
      return error ? fail(fromPostgrest(error, status)) : ok(data);
    },

    /** Creators only (the database refuses everyone else). Drafts unless `published: true`. */
    async create(input: SessionCreate): Promise<Result<Session>> {
      const parsed = sessionCreate.safeParse(input);
      if (!parsed.success) return invalidInput("The session is invalid.", parsed.error);
      const { data, error, status } = await ctx.supabase.from("sessions").insert(parsed.data).select(sessionColumns).single();
      return error ? fail(fromPostgrest(error, status)) : ok(data);
    },

    /** The owner edits; anyone else changes nothing and gets not_found. */
    async update(id: string, patch: SessionUpdate): Promise<Result<Session>> {
      const parsed = sessionUpdate.safeParse(patch);
      if (!parsed.success) return invalidInput("The session update is invalid.", parsed.error);
      const { data, error, status } = await ctx.supabase.from("sessions").update(parsed.data).eq("id", id).select(sessionColumns).single();
      return error ? fail(fromPostgrest(error, status)) : ok(data);
    },

    /** Publishing fails with a conflict when it would overlap another published session of the creator. */
    publish(id: string, published = true): Promise<Result<Session>> {
      return this.update(id, { published });
    },

    /** The online link for confirmed bookers and the creator; null for everyone else. */
    async onlineUrl(id: string): Promise<Result<string | null>> {
      const { data, error, status } = await ctx.supabase.rpc("session_online_url", { session_id: id });
      return error ? fail(fromPostgrest(error, status)) : ok(data ?? null);
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
