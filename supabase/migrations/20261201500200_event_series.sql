-- Recurring event series: an RFC 5545 rule (WEEKLY/MONTHLY subset) in an IANA timezone plus a
-- template; occurrences are real events, materialized ahead by pg_cron, followers auto-enrolled.

-- The supported RRULE subset: FREQ=WEEKLY|MONTHLY, INTERVAL, BYDAY (weekly: MO..SU; monthly:
-- 1..4 or -1 before the day, e.g. 2TU, -1FR), BYMONTHDAY (monthly), UNTIL or COUNT, WKST=MO.
create function private.rrule_part(rule text, key text) returns text
language sql immutable set search_path = '' as $$
  select substring(';' || rule || ';' from ';' || key || '=([^;]*);')
$$;

create function private.rrule_is_valid(rule text) returns boolean
language sql immutable set search_path = '' as $$
  select rule ~ '^(FREQ|INTERVAL|BYDAY|BYMONTHDAY|UNTIL|COUNT|WKST)=[^;=]+(;(FREQ|INTERVAL|BYDAY|BYMONTHDAY|UNTIL|COUNT|WKST)=[^;=]+)*$'
    and (select count(*) = count(distinct split_part(p, '=', 1)) from unnest(string_to_array(rule, ';')) p)
    and coalesce(private.rrule_part(rule, 'FREQ'), '') in ('WEEKLY', 'MONTHLY')
    and coalesce(private.rrule_part(rule, 'INTERVAL'), '1') ~ '^[1-9][0-9]?$'
    and coalesce(private.rrule_part(rule, 'COUNT'), '1') ~ '^[1-9][0-9]{0,2}$'
    and coalesce(private.rrule_part(rule, 'UNTIL'), '20000101') ~ '^[0-9]{8}(T[0-9]{6}Z)?$'
    and coalesce(private.rrule_part(rule, 'WKST'), 'MO') = 'MO'
    and not (private.rrule_part(rule, 'COUNT') is not null and private.rrule_part(rule, 'UNTIL') is not null)
    and not (private.rrule_part(rule, 'BYDAY') is not null and private.rrule_part(rule, 'BYMONTHDAY') is not null)
    and (private.rrule_part(rule, 'BYDAY') is null
      or (private.rrule_part(rule, 'FREQ') = 'WEEKLY' and private.rrule_part(rule, 'BYDAY') ~ '^(MO|TU|WE|TH|FR|SA|SU)(,(MO|TU|WE|TH|FR|SA|SU))*$')
      or (private.rrule_part(rule, 'FREQ') = 'MONTHLY'
          and private.rrule_part(rule, 'BYDAY') ~ '^(-1|[1-4])(MO|TU|WE|TH|FR|SA|SU)(,(-1|[1-4])(MO|TU|WE|TH|FR|SA|SU))*$'))
    and (private.rrule_part(rule, 'BYMONTHDAY') is null
      or (private.rrule_part(rule, 'FREQ') = 'MONTHLY'
          and private.rrule_part(rule, 'BYMONTHDAY') ~ '^([1-9]|[12][0-9]|3[01])(,([1-9]|[12][0-9]|3[01]))*$'))
$$;

create table public.event_series (
  id uuid primary key default gen_random_uuid(),
  organizer_id uuid not null default auth.uid() references public.profiles (id) on delete restrict,
  rrule text not null check (private.rrule_is_valid(rrule)),
  timezone text not null check (private.is_valid_timezone(timezone)),
  first_starts_on date not null,
  starts_at_local time not null,
  duration interval not null check (duration > interval '0' and duration <= interval '7 days'),
  title text not null check (char_length(btrim(title)) between 3 and 140),
  description text not null default '' check (char_length(description) <= 10000),
  language text not null default 'en' check (language ~ '^[a-z]{2,3}(-[A-Z]{2})?$'),
  location text not null default '' check (char_length(location) <= 200),
  capacity integer check (capacity is null or capacity > 0),
  tags text[] not null default '{}' check (cardinality(tags) <= 20),
  horizon interval not null default interval '90 days' check (horizon between interval '7 days' and interval '400 days'),
  exdates timestamp[] not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
alter table public.event_series enable row level security;
create index event_series_organizer_id_idx on public.event_series (organizer_id);

comment on table public.event_series is 'Recurring events: an RRULE (WEEKLY/MONTHLY subset) in an IANA zone and a template. Occurrences are events (events.series_id), materialized for `horizon` ahead by pg_cron.';
comment on column public.event_series.rrule is 'RFC 5545 RRULE value without the "RRULE:" prefix, e.g. FREQ=WEEKLY;BYDAY=TU;COUNT=10.';
comment on column public.event_series.first_starts_on is 'Local date of DTSTART; moved to the first date the rule produces.';
comment on column public.event_series.starts_at_local is 'Wall-clock start in `timezone`: kept across daylight-saving changes.';
comment on column public.event_series.exdates is 'Local starts of occurrences deleted while empty; never materialized again (EXDATE).';

alter table public.events
  add column series_id uuid references public.event_series (id) on delete set null,
  add column series_occurrence timestamp,
  add column series_override boolean not null default false,
  add constraint events_series_occurrence_once unique (series_id, series_occurrence);
comment on column public.events.series_id is 'The series this event is an occurrence of (null for one-off events).';
comment on column public.events.series_occurrence is 'Local start the rule gave this occurrence; its local date identifies it in the series (RECURRENCE-ID), whatever it was moved to since.';
comment on column public.events.series_override is 'Edited on its own ("this occurrence only"): later edits of the series leave it alone.';

create table public.series_follows (
  series_id uuid not null references public.event_series (id) on delete cascade,
  user_id uuid not null default auth.uid() references public.profiles (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (series_id, user_id)
);
alter table public.series_follows enable row level security;
create index series_follows_user_id_idx on public.series_follows (user_id);
comment on table public.series_follows is 'People enrolled automatically (capacity and waitlist respected) in each newly materialized occurrence.';

-- Local start times the rule yields up to a local date, numbered from the first (COUNT counts from there).
create function private.series_local_starts(s public.event_series, up_to date)
returns table (n integer, local_start timestamp)
language sql stable set search_path = '' as $$
  with rule as (
    select private.rrule_part(s.rrule, 'FREQ') as freq,
           coalesce(private.rrule_part(s.rrule, 'INTERVAL'), '1')::integer as step,
           private.rrule_part(s.rrule, 'COUNT')::integer as count,
           private.rrule_part(s.rrule, 'UNTIL') as until,
           string_to_array(private.rrule_part(s.rrule, 'BYDAY'), ',') as byday,
           string_to_array(private.rrule_part(s.rrule, 'BYMONTHDAY'), ',')::integer[] as bymonthday
  ),
  days as (
    -- WEEKLY: every `step` weeks from DTSTART's week (weeks start on Monday), on each BYDAY.
    select (w + ((position(d in 'MOTUWETHFRSASU') - 1) / 2) * interval '1 day')::date as day
      from rule,
           generate_series(date_trunc('week', s.first_starts_on::timestamp), up_to::timestamp, make_interval(weeks => rule.step)) w,
           unnest(coalesce(rule.byday, array[(array['MO','TU','WE','TH','FR','SA','SU'])[extract(isodow from s.first_starts_on)::integer]])) d
     where rule.freq = 'WEEKLY'
    union all
    -- MONTHLY by weekday: the nth (or last) weekday of every `step` months.
    select case when substring(d from '^(-?[0-9])')::integer > 0
             then m::date + ((7 + wd - extract(isodow from m)::integer) % 7) + 7 * (substring(d from '^(-?[0-9])')::integer - 1)
             else (m + interval '1 month - 1 day')::date - ((7 + extract(isodow from m + interval '1 month - 1 day')::integer - wd) % 7)
           end
      from rule,
           generate_series(date_trunc('month', s.first_starts_on::timestamp), up_to::timestamp, make_interval(months => rule.step)) m,
           unnest(rule.byday) d,
           lateral (select (position(right(d, 2) in 'MOTUWETHFRSASU') + 1) / 2 as wd) x
     where rule.freq = 'MONTHLY' and rule.byday is not null
    union all
    -- MONTHLY by day of month (default: DTSTART's); months without that day are skipped.
    select (m + (md - 1) * interval '1 day')::date
      from rule,
           generate_series(date_trunc('month', s.first_starts_on::timestamp), up_to::timestamp, make_interval(months => rule.step)) m,
           unnest(coalesce(rule.bymonthday, array[extract(day from s.first_starts_on)::integer])) md
     where rule.freq = 'MONTHLY' and rule.byday is null
       and extract(month from m + (md - 1) * interval '1 day') = extract(month from m)
  ),
  numbered as (
    select row_number() over (order by day)::integer as n, day + s.starts_at_local as local_start
      from (select distinct day from days where day >= s.first_starts_on) d
  )
  select numbered.n, numbered.local_start
    from numbered, rule
   where numbered.local_start::date <= up_to
     and (rule.count is null or numbered.n <= rule.count)
     and (rule.until is null
       or (length(rule.until) = 8 and numbered.local_start::date <= to_date(rule.until, 'YYYYMMDD'))
       or (length(rule.until) = 16 and (numbered.local_start at time zone s.timezone)
             <= to_timestamp(rule.until, 'YYYYMMDD"T"HH24MISS"Z"')::timestamp at time zone 'UTC'))
   order by numbered.n
$$;

-- Creates the occurrences due within the horizon that do not exist yet (nor were deleted), and
-- enrolls the followers in each new one through private.enroll (capacity and waitlist apply).
create function private.materialize_series(target uuid) returns integer
language plpgsql security definer set search_path = '' as $$
declare
  s public.event_series;
  occ record;
  new_event uuid;
  follower uuid;
  created integer := 0;
begin
  select * into s from public.event_series where id = target for update;
  if s.id is null then
    return 0;
  end if;
  perform set_config('gatherhub.series_write', s.id::text, true);
  for occ in
    select o.local_start from private.series_local_starts(s, ((now() + s.horizon) at time zone s.timezone)::date) o
     where (o.local_start at time zone s.timezone) > now()
       and o.local_start::date <> all (array(select x::date from unnest(s.exdates) x))
       and not exists (select 1 from public.events e where e.series_id = s.id and e.series_occurrence::date = o.local_start::date)
  loop
    insert into public.events (organizer_id, title, description, language, location, starts_at, ends_at, timezone,
                               capacity, tags, status, series_id, series_occurrence)
    values (s.organizer_id, s.title, s.description, s.language, s.location, occ.local_start at time zone s.timezone,
            (occ.local_start + s.duration) at time zone s.timezone, s.timezone, s.capacity, s.tags, 'published', s.id, occ.local_start)
    returning id into new_event;
    created := created + 1;
    for follower in select f.user_id from public.series_follows f where f.series_id = s.id order by f.created_at loop
      perform private.enroll(new_event, follower);
    end loop;
  end loop;
  perform set_config('gatherhub.series_write', '', true);
  return created;
end
$$;

create function private.materialize_all_series() returns integer
language sql security definer set search_path = '' as $$
  select coalesce(sum(private.materialize_series(s.id)), 0)::integer from public.event_series s
$$;

-- DTSTART is moved onto the first date the rule yields (RFC 5545 leaves a DTSTART off the rule undefined).
create function private.event_series_before_write() returns trigger
language plpgsql set search_path = '' as $$
declare
  first_day date;
begin
  if tg_op = 'UPDATE' and new.organizer_id is distinct from old.organizer_id then
    raise exception 'the organizer of a series cannot change' using errcode = '42501';
  end if;
  select o.local_start::date into first_day from private.series_local_starts(new, new.first_starts_on + 400) o order by o.n limit 1;
  if first_day is null then
    raise exception 'the rule yields no occurrence within 400 days of %', new.first_starts_on using errcode = '23514';
  end if;
  new.first_starts_on := first_day;
  new.updated_at := now();
  return new;
end
$$;
create trigger event_series_before_write before insert or update on public.event_series
  for each row execute function private.event_series_before_write();

create function private.event_series_after_insert() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  -- A split hands its occurrences over first and materializes afterwards.
  if coalesce(current_setting('gatherhub.series_split', true), '') = '' then
    perform private.materialize_series(new.id);
  end if;
  return null;
end
$$;
create trigger event_series_after_insert after insert on public.event_series
  for each row execute function private.event_series_after_insert();

-- "All future occurrences": a series edit reaches every future occurrence not edited on its own.
-- Occurrences the new rule no longer yields are deleted when nobody is enrolled or waitlisted,
-- and cancelled otherwise (the event trigger emails every enrollee): never silently dropped.
create function private.event_series_after_update() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  ev public.events;
  keep date[];
begin
  perform set_config('gatherhub.series_write', new.id::text, true);
  select coalesce(array_agg(o.local_start::date), '{}') into keep
    from private.series_local_starts(new, ((now() + greatest(new.horizon, old.horizon)) at time zone new.timezone)::date) o;
  for ev in
    select * from public.events e where e.series_id = new.id and e.starts_at > now() and e.status <> 'cancelled'
     order by e.starts_at for update
  loop
    if ev.series_occurrence::date <> all (keep) then
      if ev.enrolled_count + ev.waitlisted_count = 0 then
        delete from public.events where id = ev.id;
      else
        update public.events set status = 'cancelled' where id = ev.id;
      end if;
    elsif not ev.series_override then
      update public.events
         set title = new.title, description = new.description, language = new.language, location = new.location,
             tags = new.tags, timezone = new.timezone,
             capacity = case when new.capacity is null or new.capacity >= ev.enrolled_count then new.capacity else ev.capacity end,
             starts_at = (ev.series_occurrence::date + new.starts_at_local) at time zone new.timezone,
             ends_at = (ev.series_occurrence::date + new.starts_at_local + new.duration) at time zone new.timezone
       where id = ev.id;
    end if;
  end loop;
  perform set_config('gatherhub.series_write', '', true);
  perform private.materialize_series(new.id);
  return null;
end
$$;
create trigger event_series_after_update
  after update of rrule, timezone, starts_at_local, duration, title, description, language, location, capacity, tags, horizon
  on public.event_series
  for each row execute function private.event_series_after_update();

-- "This occurrence only": an occurrence edited directly is marked as overridden; an occurrence
-- deleted (possible only while empty) becomes an EXDATE so pg_cron never brings it back.
create function private.events_series_override() returns trigger
language plpgsql set search_path = '' as $$
begin
  if coalesce(current_setting('gatherhub.series_write', true), '') = '' then
    new.series_override := true;
  end if;
  return new;
end
$$;
create trigger events_series_override before update of title, description, language, location, starts_at, ends_at, timezone, capacity, tags
  on public.events for each row when (new.series_id is not null) execute function private.events_series_override();

create function private.events_after_delete_series_exdate() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  -- The series itself drops occurrences its new rule no longer yields: no EXDATE for those.
  if coalesce(current_setting('gatherhub.series_write', true), '') <> '' then
    return null;
  end if;
  update public.event_series set exdates = array_append(exdates, old.series_occurrence)
   where id = old.series_id and not old.series_occurrence = any (exdates);
  return null;
end
$$;
create trigger events_after_delete_series_exdate after delete on public.events
  for each row when (old.series_id is not null) execute function private.events_after_delete_series_exdate();

-- Privileges and policies -----------------------------------------------------------------------
grant select on public.event_series to anon, authenticated, service_role;
grant insert (rrule, timezone, first_starts_on, starts_at_local, duration, title, description, language, location, capacity, tags, horizon)
  on public.event_series to authenticated;
grant update (rrule, timezone, starts_at_local, duration, title, description, language, location, capacity, tags, horizon)
  on public.event_series to authenticated;
grant all on public.event_series to service_role;

create policy event_series_select_all on public.event_series
  for select to anon, authenticated using (true);
create policy event_series_insert_by_facilitators on public.event_series
  for insert to authenticated
  with check (private.jwt_role() in ('facilitator', 'admin') and organizer_id = (select auth.uid()));
create policy event_series_update_by_organizer on public.event_series
  for update to authenticated
  using (organizer_id = (select auth.uid()))
  with check (organizer_id = (select auth.uid()));

grant select, insert, delete on public.series_follows to authenticated;
grant all on public.series_follows to service_role;
create policy series_follows_select_own_or_by_organizer on public.series_follows
  for select to authenticated
  using (user_id = (select auth.uid())
    or series_id in (select s.id from public.event_series s where s.organizer_id = (select auth.uid())));
create policy series_follows_insert_self on public.series_follows
  for insert to authenticated with check (user_id = (select auth.uid()));
create policy series_follows_delete_self on public.series_follows
  for delete to authenticated using (user_id = (select auth.uid()));

revoke execute on function private.rrule_part(text, text), private.rrule_is_valid(text),
  private.series_local_starts(public.event_series, date), private.materialize_series(uuid), private.materialize_all_series(),
  private.event_series_before_write(), private.event_series_after_insert(), private.event_series_after_update(),
  private.events_series_override(), private.events_after_delete_series_exdate()
  from public, anon, authenticated;
-- The check constraint and the before-write trigger run as the writer.
grant execute on function private.rrule_part(text, text), private.rrule_is_valid(text),
  private.series_local_starts(public.event_series, date) to authenticated, service_role;

-- "This and following": the series ends before the given occurrence and a new series, a copy
-- with `changes` applied, takes over that occurrence and every later one (RFC 5545's split).
-- Definer: it moves occurrences between series; only the series' organizer may call it.
create function public.split_series(occurrence uuid, changes jsonb default '{}'::jsonb) returns public.event_series
language plpgsql security definer set search_path = '' as $$
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
    raise exception 'series_not_found: no series occurrence % that you organize', occurrence using errcode = 'P0002';
  end if;
  select k into bad from jsonb_object_keys(changes) k
   where k not in ('rrule', 'starts_at_local', 'duration', 'title', 'description', 'language', 'location', 'capacity', 'tags') limit 1;
  if bad is not null then
    raise exception 'invalid_change: % cannot be changed here', bad using errcode = '22023';
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
revoke execute on function public.split_series(uuid, jsonb) from public, anon;
grant execute on function public.split_series(uuid, jsonb) to authenticated, service_role;

-- pg_cron keeps every series materialized `horizon` ahead.
do $$
begin
  if exists (select 1 from cron.job where jobname = 'materialize-series') then
    perform cron.unschedule('materialize-series');
  end if;
  perform cron.schedule('materialize-series', '17 * * * *', 'select private.materialize_all_series()');
end
$$;
