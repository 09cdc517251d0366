// GET /functions/v1/calendar/events/<slug>.ics  → one public event as iCalendar
// GET /functions/v1/calendar/sessions/<id>.ics  → one published paid session as iCalendar
// GET /functions/v1/calendar/feed/<token>.ics   → a user's enrollments and bookings (secret, revocable token)
// GET /functions/v1/calendar/series/<id>.ics    → a recurring series (RRULE, EXDATE, overrides)
// Times carry the event's own timezone (TZID + VTIMEZONE), so calendars show local wall time.
import { getVtimezoneComponent } from "@touch4it/ical-timezones";
import ical, { type ICalCalendar } from "ical-generator";
import { DateTime } from "luxon";
import { z } from "zod";
import { corsHeaders } from "../_shared/errors.ts";
import { HttpError, route, serve } from "../_shared/frame.ts";
import { addSeries } from "./series.ts";

interface CalendarEvent {
  id: string;
  /** The event's slug, or a session's id: what its own .ics URL is made of. */
  slug: string;
  kind?: "events" | "sessions";
  title: string;
  description: string;
  location: string;
  online_url: string | null;
  starts_at: string | null;
  ends_at: string | null;
  timezone: string;
  status: string;
}

const siteUrl = () => Deno.env.get("SUPABASE_URL") ?? "";

// RFC 5545 TEXT excludes control characters other than HTAB; the database refuses them in
// single-line fields, this keeps older rows and multi-line text from breaking a line.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const controls = /[\u0000-\u0008\u000b-\u001f\u007f]/g;
const oneLine = (value: string) => value.replace(controls, "").replace(/[\r\n]+/g, " ");
const multiLine = (value: string) => value.replace(/\r\n?/g, "\n").replace(controls, "");

/** A TEXT value escaped per RFC 5545 3.3.11, for the lines ical-generator writes verbatim (NAME, X-WR-CALNAME). */
function icsText(value: string): string {
  return oneLine(value).replace(/[\\;,]/g, (c) => `\\${c}`);
}

function calendar(name: string): ICalCalendar {
  return ical({
    name: icsText(name),
    prodId: { company: "GatherHub", product: "gatherhub", language: "EN" },
    timezone: { name: null, generator: getVtimezoneComponent },
  });
}

function addEvent(cal: ICalCalendar, e: CalendarEvent): void {
  if (!e.starts_at) return; // unscheduled planning events have no place on a calendar yet
  // ical-generator writes wall-clock time under the TZID: give it instants already in that zone.
  const inZone = (value: string) => DateTime.fromISO(value, { zone: e.timezone });
  const start = inZone(e.starts_at);
  cal.createEvent({
    id: `${e.id}@gatherhub`,
    start,
    end: e.ends_at ? inZone(e.ends_at) : start.plus({ hours: 1 }),
    timezone: e.timezone,
    // ical-generator escapes these values itself (\\ ; , and line breaks).
    summary: oneLine(e.status === "cancelled" ? `CANCELLED: ${e.title}` : e.title),
    description: multiLine(e.description) || undefined,
    location: oneLine(e.location) || undefined,
    url: e.online_url ?? `${siteUrl()}/functions/v1/calendar/${e.kind ?? "events"}/${e.slug}.ics`,
  });
}

function ics(cal: ICalCalendar, filename: string): Response {
  return new Response(cal.toString(), {
    status: 200,
    headers: {
      ...corsHeaders,
      "content-type": "text/calendar; charset=utf-8",
      "content-disposition": `inline; filename="${filename}"`,
      "cache-control": "private, max-age=300",
    },
  });
}

// No online_url: the public calendar is for anyone; the join link is only in the personal feed of
// someone enrolled (the column is not even readable through the API).
const columns = "id, slug, title, description, location, starts_at, ends_at, timezone, status";
const sessionColumns = "id, title, description, location, starts_at, ends_at, timezone";

serve("calendar", [
  route({
    method: "GET",
    path: "/events/:slug.ics",
    auth: "none",
    handler: async ({ params, supabase }) => {
      if (!/^[a-z0-9-]{1,80}$/.test(params.slug ?? "")) throw new HttpError(404, "not_found", "No such event.");
      // Read as anon: RLS serves only events anyone may see (no drafts).
      const { data, error } = await supabase.from("events").select(columns).eq("slug", params.slug!).maybeSingle();
      if (error) throw new HttpError(503, "unavailable", "Could not read the event; try again.");
      if (!data) throw new HttpError(404, "not_found", "No such event.");
      const cal = calendar(data.title);
      addEvent(cal, { ...data, online_url: null });
      return ics(cal, `${data.slug}.ics`);
    },
  }),
  route({
    method: "GET",
    path: "/sessions/:id.ics",
    auth: "none",
    handler: async ({ params, supabase }) => {
      const id = z.uuid().safeParse(params.id);
      if (!id.success) throw new HttpError(404, "not_found", "No such session.");
      // Read as anon: RLS serves only published sessions.
      const { data, error } = await supabase.from("sessions").select(sessionColumns).eq("id", id.data).maybeSingle();
      if (error) throw new HttpError(503, "unavailable", "Could not read the session; try again.");
      if (!data) throw new HttpError(404, "not_found", "No such session.");
      // No online_url: the public calendar is for anyone; confirmed bookers find it in their feed.
      const session = {
        ...data,
        online_url: null,
        slug: data.id,
        kind: "sessions",
        location: data.location ?? "",
        status: "published",
      } as CalendarEvent;
      const cal = calendar(session.title);
      addEvent(cal, session);
      return ics(cal, `session-${session.id}.ics`);
    },
  }),
  route({
    method: "GET",
    path: "/feed/:token.ics",
    auth: "none",
    handler: async ({ params, supabase }) => {
      const token = z.uuid().safeParse(params.token);
      if (!token.success) throw new HttpError(404, "not_found", "No such calendar feed.");
      // The token is the credential (no user JWT exists in a calendar app): rpc/calendar_feed takes
      // it as anon and answers the owner's enrollments and bookings, or null for an unknown token.
      const { data: rows, error } = await supabase.rpc("calendar_feed", { token: token.data });
      if (error) throw new HttpError(503, "unavailable", "Could not read the calendar feed; try again.");
      if (!rows) throw new HttpError(404, "not_found", "No such calendar feed.");
      const cal = calendar("GatherHub");
      for (const row of rows as unknown as CalendarEvent[]) addEvent(cal, row);
      return ics(cal, "gatherhub.ics");
    },
  }),
  route({
    method: "GET",
    path: "/series/:id.ics",
    auth: "none",
    handler: async ({ params, supabase }) => {
      const id = z.uuid().safeParse(params.id);
      const cal = calendar("GatherHub series");
      const series = id.success ? await addSeries(cal, supabase, id.data, siteUrl()) : null;
      if (!series) throw new HttpError(404, "not_found", "No such series.");
      cal.name(series.title);
      return ics(cal, `series-${series.id}.ics`);
    },
  }),
]);
