-- split_series and set_user_role refuse an unknown occurrence / user through private.refuse instead of
-- a bare PT404; an unknown field in changes stays a plain 22023 without its "invalid_change:" prefix.

create or replace function public.split_series(occurrence uuid, changes jsonb default '{}'::jsonb)
returns public.event_series language plpgsql security definer set search_path = '' as $$
declare
  ev public.events;
  s public.event_series;
  fresh public.event_series;
  pos integer;
  remaining integer;
  bad text;
begin
  select * into ev from public.events where id = occurrence;
  select * into s from public.event_series where id = ev.series_id for update;
  if s.id is null or s.organizer_id is distinct from (select auth.uid()) then
    perform private.refuse('series_not_found', jsonb_build_object('occurrence', occurrence));
  end if;
  select k into bad from jsonb_object_keys(changes) k
   where k not in ('rrule', 'starts_at_local', 'duration', 'title', 'description', 'language', 'location', 'capacity', 'tags') limit 1;
  if bad is not null then
    raise exception '% cannot be changed here', bad using errcode = '22023';
  end if;

  select o.n into pos from private.series_local_starts(s, ev.series_occurrence::date) o where o.local_start::date = ev.series_occurrence::date;
  remaining := private.rrule_part(s.rrule, 'COUNT')::integer - coalesce(pos, 1) + 1;

  perform set_config('gatherhub.series_split', 'on', true);
  insert into public.event_series (organizer_id, rrule, timezone, first_starts_on, starts_at_local, duration, title, description,
                                   language, location, capacity, tags, horizon, exdates)
  values (s.organizer_id,
          case when remaining is null then s.rrule else regexp_replace(s.rrule, 'COUNT=[0-9]+', 'COUNT=' || remaining) end,
          s.timezone, ev.series_occurrence::date, s.starts_at_local, s.duration, s.title, s.description,
          s.language, s.location, s.capacity, s.tags, s.horizon,
          array(select x from unnest(s.exdates) x where x >= ev.series_occurrence))
  returning * into fresh;
  perform set_config('gatherhub.series_split', '', true);

  perform set_config('gatherhub.series_write', fresh.id::text, true);
  update public.events set series_id = fresh.id where series_id = s.id and series_occurrence::date >= ev.series_occurrence::date;
  perform set_config('gatherhub.series_write', '', true);

  update public.event_series
     set rrule = regexp_replace(regexp_replace(rrule, ';?(COUNT|UNTIL)=[^;]*', '', 'g'), '^;', '')
                 || ';UNTIL=' || to_char((ev.series_occurrence::date - interval '1 second') at time zone s.timezone at time zone 'UTC', 'YYYYMMDD"T"HH24MISS"Z"')
   where id = s.id;

  update public.event_series f
     set rrule = coalesce(changes->>'rrule', f.rrule),
         starts_at_local = coalesce((changes->>'starts_at_local')::time, f.starts_at_local),
         duration = coalesce((changes->>'duration')::interval, f.duration),
         title = coalesce(changes->>'title', f.title),
         description = coalesce(changes->>'description', f.description),
         language = coalesce(changes->>'language', f.language),
         location = coalesce(changes->>'location', f.location),
         capacity = case when changes ? 'capacity' then (changes->>'capacity')::integer else f.capacity end,
         tags = case when changes ? 'tags' then array(select jsonb_array_elements_text(changes->'tags')) else f.tags end
   where f.id = fresh.id
  returning * into fresh;
  return fresh;
end
$$;

create or replace function public.set_user_role(target uuid, new_role public.user_role)
returns public.profiles language plpgsql security definer set search_path = '' as $$
declare
  result public.profiles;
begin
  if not (private.is_admin() or (select auth.role()) = 'service_role') then
    raise exception 'only admins can change roles' using errcode = '42501';
  end if;
  update public.profiles set role = new_role where id = target returning * into result;
  if result.id is null then
    perform private.refuse('user_not_found', jsonb_build_object('user_id', target));
  end if;
  return result;
end
$$;
