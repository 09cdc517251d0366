-- A series' calendar through PostgREST (issue 15, one database path): rpc/calendar_series gives the
-- calendar function the rule, exdates and occurrences in one call, instead of SQL over postgres.js.

-- A series as the calendar shows it: what anyone may read (every series; occurrences that are not
-- drafts; never a join link). Invoker: the caller's own RLS and column privileges apply, and the
-- draft filter is explicit so a member calling it sees what anon sees. Null for an unknown series.
create function public.calendar_series(series_id uuid) returns jsonb
language sql stable security invoker set search_path = '' as $$
  select jsonb_build_object(
           'id', s.id, 'title', s.title, 'description', s.description, 'location', s.location, 'timezone', s.timezone,
           'rrule', s.rrule, 'first_starts_on', to_char(s.first_starts_on, 'YYYY-MM-DD'),
           'starts_at_local', to_char(s.starts_at_local, 'HH24:MI:SS'),
           'duration_seconds', extract(epoch from s.duration)::integer,
           'exdates', array(select to_char(x, 'YYYY-MM-DD') from unnest(s.exdates) x),
           'occurrences', coalesce((
             select jsonb_agg(jsonb_build_object(
                      'id', e.id, 'title', e.title, 'description', e.description, 'location', e.location,
                      'starts_at', to_char(e.starts_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                      'ends_at', to_char(e.ends_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                      'status', e.status, 'occurrence_date', to_char(e.series_occurrence, 'YYYY-MM-DD'))
                    order by e.starts_at, e.id)
               from public.events e
              where e.series_id = s.id and e.status <> 'draft'), '[]'::jsonb))
    from public.event_series s
   where s.id = calendar_series.series_id
$$;
comment on function public.calendar_series(uuid) is 'A series for its .ics: rule, zone, exdates and the non-draft occurrences (no join links); null for an unknown series.';

revoke execute on function public.calendar_series(uuid) from public;
grant execute on function public.calendar_series(uuid) to anon, authenticated, service_role;
