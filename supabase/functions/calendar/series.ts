// A series as one recurring VEVENT: DTSTART/RRULE in the series' zone, EXDATE for cancelled or
// deleted occurrences, and an override VEVENT (RECURRENCE-ID) for each occurrence moved or edited
// on its own. Calendar apps expand the rule themselves, so wall-clock time survives DST there too.
import type { ICalCalendar } from "ical-generator";
import { DateTime } from "luxon";
import { type Db, HttpError } from "../_shared/frame.ts";

interface SeriesRow {
  id: string;
  title: string;
  description: string;
  location: string;
  timezone: string;
  rrule: string;
  first_starts_on: string;
  starts_at_local: string;
  duration_seconds: number;
  exdates: string[];
  occurrences: OccurrenceRow[];
}

interface OccurrenceRow {
  id: string;
  title: string;
  description: string;
  location: string;
  starts_at: string;
  ends_at: string;
  status: string;
  occurrence_date: string;
}

const localStamp = "yyyyMMdd'T'HHmmss";

/** Adds the series to the calendar; null when there is no such series. */
export async function addSeries(cal: ICalCalendar, db: Db, seriesId: string, siteUrl: string): Promise<SeriesRow | null> {
  // Read as anon: every series is public, its draft occurrences are not; no join links.
  const { data, error } = await db.rpc("calendar_series", { series_id: seriesId });
  if (error) throw new HttpError(503, "unavailable", "Could not read the series; try again.");
  if (!data) return null;
  const s = data as unknown as SeriesRow; // jsonb, built by calendar_series()
  const occurrences = s.occurrences;

  const ruleStart = (date: string) => DateTime.fromISO(`${date}T${s.starts_at_local}`, { zone: s.timezone });
  const start = ruleStart(s.first_starts_on);
  // RFC 5545: with a TZID'd DTSTART, UNTIL is UTC. A date-only UNTIL means "through that local day".
  const rrule = s.rrule.replace(/UNTIL=(\d{8})(?=;|$)/, (_, day: string) => {
    const end = DateTime.fromFormat(day, "yyyyMMdd", { zone: s.timezone }).plus({ days: 1 }).minus({ seconds: 1 });
    return `UNTIL=${end.toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'")}`;
  });
  const excluded = new Set([...s.exdates, ...occurrences.filter((o) => o.status === "cancelled").map((o) => o.occurrence_date)]);
  const lines = [`RRULE:${rrule}`];
  if (excluded.size > 0) {
    lines.push(
      `EXDATE;TZID=${s.timezone}:${[...excluded]
        .sort()
        .map((d) => ruleStart(d).toFormat(localStamp))
        .join(",")}`,
    );
  }
  const uid = `series-${s.id}@gatherhub`;
  cal.createEvent({
    id: uid,
    start,
    end: start.plus({ seconds: s.duration_seconds }),
    timezone: s.timezone,
    summary: s.title,
    description: s.description || undefined,
    location: s.location || undefined,
    url: `${siteUrl}/functions/v1/calendar/series/${s.id}.ics`,
    repeating: lines.join("\n"),
  });

  // Occurrences that differ from what the rule says (time, title, place) are overrides.
  for (const o of occurrences) {
    if (o.status === "cancelled") continue;
    const expected = ruleStart(o.occurrence_date);
    const startsAt = DateTime.fromISO(o.starts_at, { zone: s.timezone });
    const endsAt = DateTime.fromISO(o.ends_at, { zone: s.timezone });
    const same =
      startsAt.toMillis() === expected.toMillis() &&
      endsAt.toMillis() === expected.plus({ seconds: s.duration_seconds }).toMillis() &&
      o.title === s.title &&
      o.location === s.location &&
      o.description === s.description;
    if (same) continue;
    cal.createEvent({
      id: uid,
      recurrenceId: expected,
      start: startsAt,
      end: endsAt,
      timezone: s.timezone,
      summary: o.title,
      description: o.description || undefined,
      location: o.location || undefined,
    });
  }
  return s;
}
