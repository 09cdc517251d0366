-- Paid sessions: what creators sell (price, duration, place, start, capacity, image), readable by
-- everyone once published; a creator's published sessions never overlap (exclusion constraint).

create extension if not exists btree_gist with schema extensions;

-- Whole minutes never depend on the time zone, so this sum is immutable even though
-- timestamptz + interval in general is only stable; the generated end time needs that.
create function private.add_minutes(ts timestamptz, minutes integer) returns timestamptz
language sql immutable parallel safe set search_path = '' as $$
  select ts + make_interval(mins => minutes)
$$;
revoke execute on function private.add_minutes(timestamptz, integer) from public;
grant execute on function private.add_minutes(timestamptz, integer) to authenticated, anon, service_role;

create table public.sessions (
  id uuid primary key default gen_random_uuid(),
  creator_id uuid not null default auth.uid() references public.profiles (id) on delete cascade,
  title text not null check (char_length(btrim(title)) between 1 and 120),
  description text not null default '' check (char_length(description) <= 5000),
  price_minor integer not null check (price_minor >= 0),
  currency text not null check (currency ~ '^[a-z]{3}$'),
  duration_minutes integer not null check (duration_minutes between 5 and 1440),
  location text check (location is null or char_length(btrim(location)) between 1 and 300),
  online_url text check (online_url is null or (online_url ~ '^https://' and char_length(online_url) <= 500)),
  starts_at timestamptz not null,
  ends_at timestamptz generated always as (private.add_minutes(starts_at, duration_minutes)) stored,
  capacity integer not null check (capacity between 1 and 10000),
  image_path text check (image_path is null or char_length(image_path) <= 300),
  published boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint sessions_has_place check (location is not null or online_url is not null),
  -- Images live in the session-images bucket under the creator's own folder.
  constraint sessions_image_in_creator_folder check (image_path is null or image_path like creator_id::text || '/%'),
  constraint sessions_published_no_overlap exclude using gist (
    creator_id with =,
    tstzrange(starts_at, ends_at) with &&
  ) where (published)
);
alter table public.sessions enable row level security;

comment on table public.sessions is 'Paid (or free) sessions that creators sell; bookings reserve their seats.';
comment on column public.sessions.price_minor is 'Price in the currency''s minor unit (cents); 0 means free and books without payment.';
comment on column public.sessions.currency is 'ISO 4217 code in lower case, as Stripe expects.';
comment on column public.sessions.image_path is 'Object name in the session-images bucket, under <creator id>/.';
comment on constraint sessions_published_no_overlap on public.sessions is 'A creator cannot publish two sessions that overlap in time.';

create index sessions_creator_id_idx on public.sessions (creator_id);
create index sessions_published_starts_at_idx on public.sessions (starts_at) where published;

create trigger sessions_touch_updated_at before update on public.sessions
  for each row execute function private.touch_updated_at();

-- Everyone reads published sessions; creators also read their drafts. Only creators create, only the
-- owner edits or deletes; the owner column itself is not updatable.
grant select on public.sessions to anon, authenticated, service_role;
grant insert (title, description, price_minor, currency, duration_minutes, location, online_url, starts_at, capacity, image_path, published)
  on public.sessions to authenticated;
grant update (title, description, price_minor, currency, duration_minutes, location, online_url, starts_at, capacity, image_path, published)
  on public.sessions to authenticated;
grant delete on public.sessions to authenticated;
grant insert, update, delete on public.sessions to service_role;

create policy sessions_select_published_by_anon on public.sessions
  for select to anon using (published);

create policy sessions_select_published_or_own_by_signed_in on public.sessions
  for select to authenticated using (published or creator_id = (select auth.uid()));

create policy sessions_insert_by_creators on public.sessions
  for insert to authenticated
  with check (creator_id = (select auth.uid()) and (select private.jwt_role()) = 'creator');

create policy sessions_update_by_owner on public.sessions
  for update to authenticated
  using (creator_id = (select auth.uid()))
  with check (creator_id = (select auth.uid()) and (select private.jwt_role()) = 'creator');

create policy sessions_delete_by_owner on public.sessions
  for delete to authenticated using (creator_id = (select auth.uid()));
