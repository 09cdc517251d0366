-- Online links (events.online_url, sessions.online_url) only for the people who may join: enrolled
-- attendees and (co-)organizers of an event, confirmed bookers and the creator of a session.

-- Everyone may know that a link exists.
alter table public.events add column has_online_url boolean generated always as (online_url is not null) stored;
alter table public.sessions add column has_online_url boolean generated always as (online_url is not null) stored;
comment on column public.events.has_online_url is 'Whether the event has an online link; the link itself: rpc/event_online_url.';
comment on column public.sessions.has_online_url is 'Whether the session has an online link; the link itself: rpc/session_online_url.';
comment on column public.events.online_url is 'Join link: not readable through the API (column privileges); rpc/event_online_url gives it to enrolled attendees and organizers.';
comment on column public.sessions.online_url is 'Join link: not readable through the API (column privileges); rpc/session_online_url gives it to confirmed bookers and the creator.';

-- Column privileges: every column but online_url. (A column added later needs its own grant.)
revoke select on public.events from anon, authenticated;
grant select (id, slug, organizer_id, title, description, language, location, starts_at, ends_at, timezone, capacity,
  tags, status, enrolled_count, waitlisted_count, created_at, updated_at, search, has_online_url)
  on public.events to anon, authenticated;
revoke select on public.sessions from anon, authenticated;
grant select (id, creator_id, title, description, price_minor, currency, duration_minutes, location, starts_at, ends_at,
  capacity, image_path, published, created_at, updated_at, has_online_url)
  on public.sessions to anon, authenticated;

-- Who may join, for any user (the dispatcher asks for a recipient). Definer: reads enrollments,
-- memberships and bookings whatever the caller may see.
create function private.may_join_event(target_event uuid, viewer uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select viewer is not null and (
    exists (select 1 from public.enrollments en
             where en.event_id = target_event and en.user_id = viewer and en.status = 'enrolled')
    or exists (select 1 from public.event_members m
                where m.event_id = target_event and m.user_id = viewer and m.role in ('organizer', 'co_organizer'))
  )
$$;

create function private.may_join_session(target_session uuid, viewer uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select viewer is not null and (
    exists (select 1 from public.sessions s where s.id = target_session and s.creator_id = viewer)
    or exists (select 1 from public.bookings b
                where b.session_id = target_session and b.user_id = viewer and b.status = 'confirmed')
  )
$$;
revoke execute on function private.may_join_event(uuid, uuid), private.may_join_session(uuid, uuid) from public, anon, authenticated;
grant execute on function private.may_join_event(uuid, uuid), private.may_join_session(uuid, uuid) to service_role;

-- The accessors clients call: the link, or null for everyone else (and for unknown ids).
create function public.event_online_url(event_id uuid) returns text
language sql stable security definer set search_path = '' as $$
  select e.online_url from public.events e
   where e.id = event_online_url.event_id and private.may_join_event(e.id, (select auth.uid()))
$$;
comment on function public.event_online_url(uuid) is 'The event''s online link for enrolled attendees, organizers and co-organizers; null for everyone else.';

create function public.session_online_url(session_id uuid) returns text
language sql stable security definer set search_path = '' as $$
  select s.online_url from public.sessions s
   where s.id = session_online_url.session_id and private.may_join_session(s.id, (select auth.uid()))
$$;
comment on function public.session_online_url(uuid) is 'The session''s online link for confirmed bookers and its creator; null for everyone else.';

revoke execute on function public.event_online_url(uuid), public.session_online_url(uuid) from public, anon;
grant execute on function public.event_online_url(uuid), public.session_online_url(uuid) to authenticated, service_role;

-- Views and functions that printed the column now go through the accessors.
create or replace view public.my_enrollments with (security_invoker = true) as
  select en.id, en.event_id, en.status, public.waitlist_position(en) as waitlist_position, en.enrolled_at, en.waitlisted_at,
         en.cancelled_at, e.slug, e.title, e.starts_at, e.ends_at, e.timezone, e.location,
         public.event_online_url(e.id) as online_url,
         e.status as event_status,
         case when e.starts_at >= now() then 'upcoming' else 'past' end as timeframe,
         e.has_online_url
    from public.enrollments en
    join public.events e on e.id = en.event_id
   where en.user_id = (select auth.uid());

create or replace function public.dashboard_user_bookings()
returns table (
  booking_id uuid, session_id uuid, title text, starts_at timestamptz, ends_at timestamptz, location text, online_url text,
  status public.booking_status, amount_minor integer, currency text, hold_expires_at timestamptz, upcoming boolean
)
language sql stable set search_path = '' as $$
  select b.id, s.id, s.title, s.starts_at, s.ends_at, s.location,
         case when b.status = 'confirmed' then public.session_online_url(s.id) end,
         b.status, b.amount_minor, b.currency, b.hold_expires_at, s.starts_at > now()
  from public.bookings b
  join public.sessions s on s.id = b.session_id
  where b.user_id = (select auth.uid())
  order by s.starts_at, b.created_at
$$;

-- Locking returns the whole event row (link included) to its organizer, which the organizer's own
-- column privileges no longer allow: definer, with the membership checks RLS made before.
create or replace function public.lock_event_slot(slot uuid) returns public.events
language plpgsql security definer set search_path = '' as $$
declare
  chosen public.time_slots;
  ev public.events;
begin
  select * into chosen from public.time_slots s where s.id = slot;
  if chosen.id is null or not private.is_event_member(chosen.event_id) then
    raise exception 'slot_not_found: no time slot %', slot using errcode = 'PT404';
  end if;
  if not private.has_event_role(chosen.event_id, array['organizer']::public.event_member_role[]) then
    raise exception 'only the organizer can lock the event' using errcode = '42501';
  end if;
  -- The row lock waits for votes in flight (they hold a share lock) and blocks new ones.
  select * into ev from public.events e where e.id = chosen.event_id for update;
  if ev.status not in ('draft', 'published') then
    raise exception 'event_locked: the event is % already', ev.status using errcode = 'PT409';
  end if;
  -- events_before_update lets status become locked only for the event named here.
  perform set_config('gatherhub.locking_event', ev.id::text, true);
  update public.events e
     set status = 'locked', starts_at = chosen.starts_at, ends_at = chosen.ends_at
   where e.id = ev.id
  returning * into ev;
  perform set_config('gatherhub.locking_event', '', true);
  return ev;
end
$$;

-- Search: the link only for those who may join, has_online_url for all.
create or replace function private.search_events_sql(
  viewer uuid,
  q text,
  location_contains text,
  language_code text,
  starts_after timestamptz,
  starts_before timestamptz,
  organizer uuid,
  with_tags text[],
  has_free_spots boolean,
  timeframe text,
  order_by public.event_search_order,
  ascending boolean,
  page_size integer,
  page integer
) returns text
language plpgsql stable set search_path = '' as $$
declare
  query tsquery;
  conditions text[] := array[]::text[];
  ordering text;
  direction text := case when ascending then 'asc' else 'desc' end;
  rank_sql text := '0::real';
  link_sql text := 'null::text';
begin
  if page_size is null or page_size < 1 or page_size > 100 then
    raise exception 'invalid_input: page_size must be between 1 and 100' using errcode = '22023';
  end if;
  if page is null or page < 1 or page > 10000 then
    raise exception 'invalid_input: page must be between 1 and 10000' using errcode = '22023';
  end if;
  if timeframe is null or timeframe not in ('upcoming', 'past', 'all') then
    raise exception 'invalid_input: timeframe must be upcoming, past or all' using errcode = '22023';
  end if;
  if nullif(btrim(q), '') is not null then
    query := websearch_to_tsquery('simple'::regconfig, q);
    if query::text <> '' then
      conditions := conditions || format('e.search @@ %L::tsquery', query);
      rank_sql := format('ts_rank(e.search, %L::tsquery)', query);
    end if;
  end if;

  -- Visibility: the rule of the events select policies.
  conditions := conditions || case
    when viewer is null then 'e.status <> ''draft'''
    else format('(e.status <> ''draft'' or e.organizer_id = %L or exists (select 1 from public.event_members m where m.event_id = e.id and m.user_id = %L))', viewer, viewer)
  end;
  if viewer is not null then
    link_sql := format('case when e.online_url is not null and private.may_join_event(e.id, %L) then e.online_url end', viewer);
  end if;
  if nullif(btrim(location_contains), '') is not null then
    conditions := conditions || format('lower(e.location) like %L',
      '%' || lower(replace(replace(replace(btrim(location_contains), '\', '\\'), '%', '\%'), '_', '\_')) || '%');
  end if;
  if language_code is not null then conditions := conditions || format('e.language = %L', language_code); end if;
  if starts_after is not null then conditions := conditions || format('e.starts_at >= %L', starts_after); end if;
  if starts_before is not null then conditions := conditions || format('e.starts_at < %L', starts_before); end if;
  if organizer is not null then conditions := conditions || format('e.organizer_id = %L', organizer); end if;
  if with_tags is not null and cardinality(with_tags) > 0 then conditions := conditions || format('e.tags @> %L', with_tags); end if;
  if has_free_spots then
    conditions := conditions || 'e.status in (''published'', ''locked'') and (e.capacity is null or e.enrolled_count < e.capacity)'::text;
  elsif has_free_spots = false then
    conditions := conditions || 'e.capacity is not null and e.enrolled_count >= e.capacity'::text;
  end if;
  if timeframe = 'upcoming' then conditions := conditions || 'e.starts_at >= now()'::text; end if;
  if timeframe = 'past' then conditions := conditions || 'e.starts_at < now()'::text; end if;

  ordering := case coalesce(order_by, case when rank_sql <> '0::real' then 'relevance' else 'starts_at' end::public.event_search_order)
    when 'relevance' then format('rank %s, e.starts_at, e.id', case when ascending and order_by is not null then 'asc' else 'desc' end)
    when 'created_at' then format('e.created_at %s, e.id', direction)
    when 'title' then format('lower(e.title) %s, e.id', direction)
    else format('e.starts_at %s nulls last, e.id', direction)
  end;

  return format(
    'select e.id, e.slug, e.title, e.description, e.language, e.location, %s, e.has_online_url, e.starts_at, e.ends_at,
            e.timezone, e.capacity, e.tags, e.status, e.organizer_id, p.display_name, e.enrolled_count,
            e.waitlisted_count, case when e.capacity is null then null else greatest(e.capacity - e.enrolled_count, 0) end,
            %s as rank, e.created_at
       from public.events e
       join public.profiles p on p.id = e.organizer_id
      where %s
      order by %s
      limit %s offset %s',
    link_sql, rank_sql, array_to_string(conditions, ' and '), ordering, page_size, (page - 1) * page_size
  );
end
$$;

-- The result gains has_online_url, so the function is recreated (same arguments and grants).
drop function public.search_events(text, text, text, timestamptz, timestamptz, uuid, text[], boolean, text,
  public.event_search_order, boolean, integer, integer);
create function public.search_events(
  q text default null,
  location_contains text default null,
  language_code text default null,
  starts_after timestamptz default null,
  starts_before timestamptz default null,
  organizer uuid default null,
  with_tags text[] default null,
  has_free_spots boolean default null,
  timeframe text default 'upcoming',
  order_by public.event_search_order default null,
  ascending boolean default true,
  page_size integer default 20,
  page integer default 1
)
returns table (
  id uuid,
  slug text,
  title text,
  description text,
  language text,
  location text,
  online_url text,
  has_online_url boolean,
  starts_at timestamptz,
  ends_at timestamptz,
  timezone text,
  capacity integer,
  tags text[],
  status public.event_status,
  organizer_id uuid,
  organizer_name text,
  enrolled_count integer,
  waitlisted_count integer,
  available_spots integer,
  rank real,
  created_at timestamptz
)
language plpgsql stable security definer set search_path = '' as $$
begin
  return query execute private.search_events_sql(
    (select auth.uid()), q, location_contains, language_code, starts_after, starts_before, organizer, with_tags,
    has_free_spots, timeframe, order_by, ascending, page_size, page
  );
end
$$;
comment on function public.search_events is 'Searches visible events with every product filter; results carry enrolled count and available spots, and the online link only for those who may join.';
revoke execute on function public.search_events from public;
grant execute on function public.search_events to anon, authenticated, service_role;

-- Emails: the link only for a recipient who may join (not the waitlisted, the cancelled or a
-- refunded booker), also in an event_changed email's previous place.
create or replace function public.claim_email_batch(batch_size integer default 20, lease interval default interval '5 minutes')
returns table (
  id bigint,
  kind public.email_kind,
  recipient_email text,
  recipient_name text,
  dedupe_key text,
  attempts integer,
  payload jsonb,
  event jsonb
)
language plpgsql set search_path = '' as $$
begin
  if batch_size is null or batch_size < 1 or batch_size > 500 then
    raise exception 'invalid_input: batch_size must be between 1 and 500' using errcode = '22023';
  end if;

  update public.email_outbox o
     set status = 'dead', last_error = coalesce(o.last_error, 'the dispatcher never reported back')
   where o.status = 'sending' and o.next_attempt_at <= now() and o.attempts >= o.max_attempts;

  return query
  with due as (
    select o.id from public.email_outbox o
     where o.status in ('pending', 'failed', 'sending') and o.next_attempt_at <= now()
     order by o.next_attempt_at, o.id
     limit batch_size
     for update skip locked
  ), claimed as (
    update public.email_outbox o
       set status = 'sending', attempts = o.attempts + 1, next_attempt_at = now() + lease
      from due
     where o.id = due.id
    returning o.*
  ), described as (
    select c.*,
           case
             when e.id is not null then private.may_join_event(e.id, c.recipient_id)
             when s.id is not null then b.status = 'confirmed' and b.user_id = c.recipient_id
             else false
           end as may_join,
           e.id as e_id, e.slug as e_slug, e.title as e_title, e.starts_at as e_starts_at, e.ends_at as e_ends_at,
           e.timezone as e_timezone, e.location as e_location, e.online_url as e_online_url, e.status as e_status,
           s.id as s_id, s.title as s_title, s.starts_at as s_starts_at, s.ends_at as s_ends_at,
           s.location as s_location, s.online_url as s_online_url
      from claimed c
      left join public.events e on e.id = c.event_id
      left join public.bookings b on c.subject_table = 'bookings' and b.id = c.subject_id
      left join public.sessions s on s.id = b.session_id
  )
  select d.id, d.kind, d.recipient_email, p.display_name, d.dedupe_key, d.attempts,
         case when d.may_join then d.payload else d.payload #- '{previous,online_url}' end,
         case
           when d.e_id is not null then jsonb_build_object(
             'id', d.e_id, 'slug', d.e_slug, 'title', d.e_title, 'starts_at', d.e_starts_at, 'ends_at', d.e_ends_at,
             'timezone', d.e_timezone, 'location', d.e_location, 'online_url', case when d.may_join then d.e_online_url end,
             'status', d.e_status)
           when d.s_id is not null then jsonb_build_object(
             'id', d.s_id, 'slug', null, 'title', d.s_title, 'starts_at', d.s_starts_at, 'ends_at', d.s_ends_at,
             'timezone', 'UTC', 'location', coalesce(d.s_location, ''),
             'online_url', case when d.may_join then d.s_online_url end, 'status', null)
         end
    from described d
    left join public.profiles p on p.id = d.recipient_id
   order by d.id;
end
$$;
