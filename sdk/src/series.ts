// Recurring series: create one (occurrences become events at once), edit all future occurrences
// (update) or this and the following ones (updateFollowing); one occurrence alone is an event:
// events.update / events.cancel. Followers are enrolled in every new occurrence.
import { type SeriesCreate, type SeriesUpdate, seriesCreate, seriesUpdate } from "@gatherhub/contract";
import { fail, fromPostgrest, GatherHubError, invalidInput, ok, type Result } from "./errors.ts";
import { type Event, eventColumns } from "./events.ts";
import type { Context, Tables } from "./types.ts";

export type EventSeries = Tables<"event_series">;

export function seriesApi(ctx: Context) {
  const { supabase } = ctx;
  const single = async <T>(query: PromiseLike<{ data: T | null; error: { code?: string; message: string } | null; status: number }>) => {
    const { data, error, status } = await query;
    if (error) return fail<T>(fromPostgrest(error, status));
    if (data === null) return fail<T>(new GatherHubError("not_found", "No such series.", 404));
    return ok(data);
  };

  return {
    /** Facilitators create a series; its occurrences within the horizon are published events at once. */
    async create(input: SeriesCreate): Promise<Result<EventSeries>> {
      const parsed = seriesCreate.safeParse(input);
      if (!parsed.success) return invalidInput("The series is invalid.", parsed.error);
      return single(supabase.from("event_series").insert(parsed.data).select("*").maybeSingle());
    },

    get(id: string): Promise<Result<EventSeries>> {
      return single(supabase.from("event_series").select("*").eq("id", id).maybeSingle());
    },

    /** The occurrences (events) of a series, by start. */
    async occurrences(id: string): Promise<Result<Event[]>> {
      const { data, error, status } = await supabase.from("events").select(eventColumns).eq("series_id", id).order("starts_at");
      return error ? fail(fromPostgrest(error, status)) : ok(data ?? []);
    },

    /** All future occurrences: each one not edited on its own follows; dropped ones with people in them are cancelled. */
    async update(id: string, patch: SeriesUpdate): Promise<Result<EventSeries>> {
      const parsed = seriesUpdate.safeParse(patch);
      if (!parsed.success) return invalidInput("The series change is invalid.", parsed.error);
      return single(supabase.from("event_series").update(parsed.data).eq("id", id).select("*").maybeSingle());
    },

    /** This occurrence and the following ones: the series is split there; returns the new series. */
    async updateFollowing(occurrenceId: string, patch: SeriesUpdate): Promise<Result<EventSeries>> {
      const parsed = seriesUpdate.safeParse(patch);
      if (!parsed.success) return invalidInput("The series change is invalid.", parsed.error);
      const { timezone: _zone, horizon: _horizon, ...changes } = parsed.data;
      if (_zone !== undefined || _horizon !== undefined) {
        return fail(new GatherHubError("invalid_input", "timezone and horizon change for the whole series only (update).", null));
      }
      return single(supabase.rpc("split_series", { occurrence: occurrenceId, changes }).maybeSingle());
    },

    async follow(id: string): Promise<Result<null>> {
      const { error, status } = await supabase.from("series_follows").insert({ series_id: id });
      return error ? fail(fromPostgrest(error, status)) : ok(null);
    },

    async unfollow(id: string): Promise<Result<null>> {
      const { error, status } = await supabase.from("series_follows").delete().eq("series_id", id);
      return error ? fail(fromPostgrest(error, status)) : ok(null);
    },

    /** The series as iCalendar (RRULE, EXDATE, overrides) for calendar apps. */
    calendarUrl(id: string): string {
      return `${ctx.url}/functions/v1/calendar/series/${encodeURIComponent(id)}.ics`;
    },
  };
}
