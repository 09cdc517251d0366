import type { Database } from "@gatherhub/contract";
import { type EventInput, type EventPatch, type EventSearch, eventInput, eventPatch, eventSearch } from "@gatherhub/contract";
import { fail, fromPostgrest, GatherHubError, invalidInput, ok, type Result } from "./errors.ts";
import type { Context, Tables } from "./types.ts";

/** An event as the API shows it: the online link is not a readable column (see `onlineUrl`). */
export type Event = Omit<Tables<"events">, "online_url">;
/** Every column clients may read: `select=*` is refused because `online_url` is not readable. */
export const eventColumns =
  "id, slug, organizer_id, title, description, language, location, has_online_url, starts_at, ends_at, timezone, capacity, tags, status, enrolled_count, waitlisted_count, created_at, updated_at, search, checkin_opens_before, series_id, series_occurrence, series_override";
export type EventSearchResult = Database["public"]["Functions"]["search_events"]["Returns"][number];
export type MyEvent = Database["public"]["Views"]["my_events"]["Row"];
export type Attendee = Database["public"]["Views"]["event_attendees"]["Row"];
export type EventMemberRole = Database["public"]["Enums"]["event_member_role"];

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function eventsApi(ctx: Context) {
  const { supabase } = ctx;
  const single = async <T>(query: PromiseLike<{ data: T | null; error: { code?: string; message: string } | null; status: number }>) => {
    const { data, error, status } = await query;
    if (error) return fail<T>(fromPostgrest(error, status));
    if (data === null) return fail<T>(new GatherHubError("not_found", "No such event.", 404));
    return ok(data);
  };

  return {
    /**
     * Every product filter; results carry enrolled count and available spots. Page with a cursor:
     * `search({ ...filters, after: rows.at(-1)?.cursor })` (page numbers stay for UIs that need them).
     */
    async search(filters: EventSearch = {}): Promise<Result<EventSearchResult[]>> {
      const parsed = eventSearch.safeParse(filters);
      if (!parsed.success) return invalidInput("The search filters are invalid.", parsed.error);
      const f = parsed.data;
      const { data, error, status } = await supabase.rpc("search_events", {
        q: f.q,
        location_contains: f.location,
        language_code: f.language,
        starts_after: f.startsAfter,
        starts_before: f.startsBefore,
        organizer: f.organizer,
        with_tags: f.tags,
        has_free_spots: f.hasFreeSpots,
        timeframe: f.timeframe,
        order_by: f.orderBy,
        ascending: f.ascending,
        page_size: f.pageSize,
        page: f.page,
        after: f.after,
      });
      return error ? fail(fromPostgrest(error, status)) : ok(data ?? []);
    },

    /** By id or by slug. Drafts are found only by their members. */
    get(idOrSlug: string): Promise<Result<Event>> {
      const column = uuidPattern.test(idOrSlug) ? "id" : "slug";
      return single(supabase.from("events").select(eventColumns).eq(column, idOrSlug).maybeSingle());
    },

    /** Facilitators and admins only; the event starts as a draft. */
    async create(input: EventInput): Promise<Result<Event>> {
      const parsed = eventInput.safeParse(input);
      if (!parsed.success) return invalidInput("The event is invalid.", parsed.error);
      return single(supabase.from("events").insert(parsed.data).select(eventColumns).single());
    },

    async update(id: string, patch: EventPatch): Promise<Result<Event>> {
      const parsed = eventPatch.safeParse(patch);
      if (!parsed.success) return invalidInput("The event change is invalid.", parsed.error);
      return single(supabase.from("events").update(parsed.data).eq("id", id).select(eventColumns).maybeSingle());
    },

    publish(id: string): Promise<Result<Event>> {
      return single(supabase.from("events").update({ status: "published" }).eq("id", id).select(eventColumns).maybeSingle());
    },

    cancel(id: string): Promise<Result<Event>> {
      return single(supabase.from("events").update({ status: "cancelled" }).eq("id", id).select(eventColumns).maybeSingle());
    },

    /** The online link for enrolled attendees and (co-)organizers; null for everyone else. */
    async onlineUrl(id: string): Promise<Result<string | null>> {
      const { data, error, status } = await supabase.rpc("event_online_url", { event_id: id });
      return error ? fail(fromPostgrest(error, status)) : ok(data ?? null);
    },

    /** Only the organizer, and only while nobody is enrolled (cancel otherwise). */
    async delete(id: string): Promise<Result<{ id: string }>> {
      const { data, error, status } = await supabase.from("events").delete().eq("id", id).select("id");
      if (error) return fail(fromPostgrest(error, status));
      if (!data?.length) return fail(new GatherHubError("not_found", "No such event, or you may not delete it.", 404));
      return ok({ id });
    },

    /** Events the caller organizes or co-organizes, with enrolled / waitlisted / available counts. */
    async mine(): Promise<Result<MyEvent[]>> {
      const { data, error, status } = await supabase.from("my_events").select("*").order("starts_at", { ascending: true });
      return error ? fail(fromPostgrest(error, status)) : ok(data ?? []);
    },

    /** Enrolled and waitlisted people; empty for anyone but the event's organizers. */
    async attendees(eventId: string): Promise<Result<Attendee[]>> {
      const { data, error, status } = await supabase
        .from("event_attendees")
        .select("*")
        .eq("event_id", eventId)
        .order("status", { ascending: true })
        .order("waitlist_ticket", { ascending: true, nullsFirst: true });
      return error ? fail(fromPostgrest(error, status)) : ok(data ?? []);
    },

    async join(eventId: string, userId?: string, role: Exclude<EventMemberRole, "organizer"> = "member"): Promise<Result<null>> {
      const me = userId ?? (await ctx.currentUserId());
      if (!me) return fail(new GatherHubError("unauthorized", "Sign in first.", 401));
      const { error, status } = await supabase.from("event_members").insert({ event_id: eventId, user_id: me, role });
      return error ? fail(fromPostgrest(error, status)) : ok(null);
    },

    async leave(eventId: string, userId?: string): Promise<Result<null>> {
      const me = userId ?? (await ctx.currentUserId());
      if (!me) return fail(new GatherHubError("unauthorized", "Sign in first.", 401));
      const { error, status } = await supabase.from("event_members").delete().eq("event_id", eventId).eq("user_id", me);
      return error ? fail(fromPostgrest(error, status)) : ok(null);
    },

    /** Public .ics URL of a published event. */
    calendarUrl(slug: string): string {
      return `${ctx.url}/functions/v1/calendar/events/${encodeURIComponent(slug)}.ics`;
    },

    /** A fresh secret feed URL of the caller's enrollments; the previous URL stops working. */
    async rotateCalendarFeed(): Promise<Result<string>> {
      const { data, error, status } = await supabase.rpc("rotate_calendar_token");
      return error ? fail(fromPostgrest(error, status)) : ok(`${ctx.url}/functions/v1/calendar/feed/${data}.ics`);
    },
  };
}
