-- Events: the shared core of planning, the seeker/facilitator marketplace and registrations.
-- Slug from the title (stable), UTC instants plus an IANA timezone, capacity, tags, status.

create type public.event_status as enum ('draft', 'published', 'locked', 'cancelled');

-- Valid IANA zone names only (abbreviations like EST are ambiguous); marked immutable so a check
-- constraint can use it: the zone database does not change under a running cluster.
create function private.is_valid_timezone(tz text) returns boolean
language plpgsql immutable set search_path = '' as $$
begin
  if tz is null or (tz <> 'UTC' and position('/' in tz) = 0) then
    return false;
  end if;
  perform now() at time zone tz;
  return true;
exception when others then
  return false;
end
$$;

create function private.slugify(value text) returns text
language sql immutable set search_path = '' as $$
  select coalesce(nullif(left(btrim(regexp_replace(lower(value), '[^a-z0-9]+', '-', 'g'), '-'), 60), ''), 'event')
$$;

create table public.events (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique,
  organizer_id uuid not null default auth.uid() references public.profiles (id) on delete restrict,
  title text not null check (char_length(btrim(title)) between 3 and 140),
  description text not null default '' check (char_length(description) <= 10000),
  language text not null default 'en' check (language ~ '^[a-z]{2,3}(-[A-Z]{2})?$'),
  location text not null default '' check (char_length(location) <= 200),
  online_url text check (online_url is null or (online_url ~ '^https?://' and char_length(online_url) <= 500)),
  starts_at timestamptz,
  ends_at timestamptz,
  timezone text not null default 'UTC' check (private.is_valid_timezone(timezone)),
  capacity integer check (capacity is null or capacity > 0),
  tags text[] not null default '{}' check (cardinality(tags) <= 20),
  status public.event_status not null default 'draft',
  enrolled_count integer not null default 0 check (enrolled_count >= 0),
  waitlisted_count integer not null default 0 check (waitlisted_count >= 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  search tsvector generated always as (
    setweight(to_tsvector('simple'::regconfig, title), 'A')
    || setweight(to_tsvector('simple'::regconfig, location), 'B')
    || setweight(to_tsvector('simple'::regconfig, description), 'C')
  ) stored,
  constraint events_ends_after_start check (ends_at is null or (starts_at is not null and ends_at > starts_at)),
  constraint events_scheduled_unless_draft check (status in ('draft', 'cancelled') or starts_at is not null),
  constraint events_capacity_holds_enrolled check (capacity is null or enrolled_count <= capacity)
);
alter table public.events enable row level security;

comment on table public.events is 'Community events. Drafts are visible to members only; counts are maintained by the enrollment functions.';
comment on column public.events.slug is 'Unique, stable: made from the title at creation and never changed.';
comment on column public.events.timezone is 'IANA zone the event is held in; starts_at/ends_at are UTC instants.';
comment on column public.events.enrolled_count is 'Maintained by private.enroll/private.cancel_enrollment; never written by clients.';

create index events_status_starts_at_idx on public.events (status, starts_at);
create index events_starts_at_idx on public.events (starts_at);
create index events_created_at_idx on public.events (created_at);
create index events_title_idx on public.events (lower(title));
create index events_organizer_id_idx on public.events (organizer_id, starts_at);
create index events_language_starts_at_idx on public.events (language, starts_at);
create index events_search_idx on public.events using gin (search);
create index events_location_trgm_idx on public.events using gin (lower(location) extensions.gin_trgm_ops);
create index events_tags_idx on public.events using gin (tags);

create type public.event_member_role as enum ('organizer', 'co_organizer', 'member');

create table public.event_members (
  event_id uuid not null references public.events (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  role public.event_member_role not null default 'member',
  joined_at timestamptz not null default now(),
  primary key (event_id, user_id)
);
alter table public.event_members enable row level security;
create index event_members_user_id_idx on public.event_members (user_id);
create unique index event_members_one_organizer on public.event_members (event_id) where role = 'organizer';
comment on table public.event_members is 'Who organizes, co-organizes or takes part in an event; the organizer row is made with the event.';

-- The membership helper every policy uses. Definer so it can read event_members without
-- recursing into event_members' own policies.
create function private.has_event_role(target_event uuid, roles public.event_member_role[]) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.event_members m
    where m.event_id = target_event and m.user_id = (select auth.uid()) and m.role = any (roles)
  )
$$;

create function private.is_event_member(target_event uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select private.has_event_role(target_event, array['organizer', 'co_organizer', 'member']::public.event_member_role[])
$$;

grant execute on function private.has_event_role(uuid, public.event_member_role[]), private.is_event_member(uuid)
  to authenticated, service_role;
grant execute on function private.is_valid_timezone(text), private.slugify(text) to authenticated, anon, service_role;

-- Grants: clients never write slug, organizer_id, counts or timestamps.
grant select on public.events to anon, authenticated, service_role;
grant insert (title, description, language, location, online_url, starts_at, ends_at, timezone, capacity, tags, status)
  on public.events to authenticated;
grant update (title, description, language, location, online_url, starts_at, ends_at, timezone, capacity, tags, status)
  on public.events to authenticated;
grant delete on public.events to authenticated;
grant all on public.events to service_role;

grant select on public.event_members to authenticated, service_role;
grant insert (event_id, user_id, role) on public.event_members to authenticated;
grant update (role) on public.event_members to authenticated;
grant delete on public.event_members to authenticated;
grant all on public.event_members to service_role;

-- events policies -------------------------------------------------------------------------------
create policy events_select_public on public.events
  for select to anon using (status <> 'draft');

create policy events_select_public_or_member on public.events
  for select to authenticated using (status <> 'draft' or private.is_event_member(id));

create policy events_insert_by_facilitators on public.events
  for insert to authenticated
  with check (private.jwt_role() in ('facilitator', 'admin') and organizer_id = (select auth.uid()));

create policy events_update_by_organizers on public.events
  for update to authenticated
  using (private.has_event_role(id, array['organizer', 'co_organizer']::public.event_member_role[]))
  with check (private.has_event_role(id, array['organizer', 'co_organizer']::public.event_member_role[]));

create policy events_delete_by_organizer on public.events
  for delete to authenticated
  using (private.has_event_role(id, array['organizer']::public.event_member_role[]));

-- event_members policies ------------------------------------------------------------------------
create policy event_members_select_by_members on public.event_members
  for select to authenticated using (user_id = (select auth.uid()) or private.is_event_member(event_id));

-- Users join visible, open events as plain members; organizers add members and co-organizers.
create policy event_members_insert_self_or_by_organizers on public.event_members
  for insert to authenticated
  with check (
    (user_id = (select auth.uid()) and role = 'member'
      and exists (select 1 from public.events e where e.id = event_id and e.status in ('published', 'locked')))
    or (role = 'member' and private.has_event_role(event_id, array['organizer', 'co_organizer']::public.event_member_role[]))
    or (role = 'co_organizer' and private.has_event_role(event_id, array['organizer']::public.event_member_role[]))
  );

create policy event_members_update_by_organizer on public.event_members
  for update to authenticated
  using (role <> 'organizer' and private.has_event_role(event_id, array['organizer']::public.event_member_role[]))
  with check (role <> 'organizer' and private.has_event_role(event_id, array['organizer']::public.event_member_role[]));

-- Members leave; organizers remove others. Nobody removes the organizer.
create policy event_members_delete_self_or_by_organizers on public.event_members
  for delete to authenticated
  using (
    role <> 'organizer'
    and (user_id = (select auth.uid())
      or private.has_event_role(event_id, array['organizer', 'co_organizer']::public.event_member_role[]))
  );

-- Triggers -------------------------------------------------------------------------------------
create function private.events_before_insert() returns trigger
language plpgsql set search_path = '' as $$
begin
  new.slug := private.slugify(new.title) || '-' || substr(md5(gen_random_uuid()::text), 1, 6);
  return new;
end
$$;
create trigger events_before_insert before insert on public.events
  for each row execute function private.events_before_insert();

-- Organizer membership comes with the event (definer: the creator has no membership yet).
create function private.events_after_insert() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into public.event_members (event_id, user_id, role) values (new.id, new.organizer_id, 'organizer');
  return new;
end
$$;
create trigger events_after_insert after insert on public.events
  for each row execute function private.events_after_insert();

-- Status moves only forward; slug and organizer never change; capacity never below enrolled.
create function private.events_before_update() returns trigger
language plpgsql set search_path = '' as $$
begin
  if new.slug is distinct from old.slug or new.organizer_id is distinct from old.organizer_id then
    raise exception 'slug and organizer cannot change' using errcode = '42501';
  end if;
  if new.capacity is not null and new.capacity < old.enrolled_count then
    raise exception 'capacity % is below the % people already enrolled', new.capacity, old.enrolled_count
      using errcode = '23514', hint = 'Cancel enrollments first or keep the capacity.';
  end if;
  if new.status is distinct from old.status and not (
    (old.status = 'draft' and new.status in ('published', 'cancelled'))
    or (old.status = 'published' and new.status = 'cancelled')
    or (old.status = 'locked' and new.status = 'cancelled')
    or (new.status = 'locked' and coalesce(current_setting('gatherhub.locking_event', true), '') = old.id::text)
  ) then
    raise exception 'an event cannot go from % to %', old.status, new.status using errcode = '23514';
  end if;
  new.updated_at := now();
  return new;
end
$$;
create trigger events_before_update before update on public.events
  for each row execute function private.events_before_update();

-- Deleting is for mistakes: once anyone enrolled, cancel instead.
create function private.events_before_delete() returns trigger
language plpgsql set search_path = '' as $$
begin
  if old.enrolled_count > 0 or old.waitlisted_count > 0 then
    raise exception 'people are enrolled in this event: cancel it instead of deleting it' using errcode = '23503';
  end if;
  return old;
end
$$;
create trigger events_before_delete before delete on public.events
  for each row execute function private.events_before_delete();
