-- Calendar feeds: a secret token per user for a personal .ics feed, revocable by rotating it.

create table public.calendar_feeds (
  user_id uuid primary key references public.profiles (id) on delete cascade,
  token uuid not null unique default gen_random_uuid(),
  created_at timestamptz not null default now()
);
alter table public.calendar_feeds enable row level security;
comment on table public.calendar_feeds is 'Secret feed token per user; whoever holds it reads that user''s calendar.';

grant select on public.calendar_feeds to authenticated;
grant all on public.calendar_feeds to service_role;

create policy calendar_feeds_select_own on public.calendar_feeds
  for select to authenticated using (user_id = (select auth.uid()));

-- Creates or replaces the caller's token: the old feed URL stops working at once.
create function public.rotate_calendar_token() returns uuid
language plpgsql security definer set search_path = '' as $$
declare
  uid uuid := (select auth.uid());
  fresh uuid := gen_random_uuid();
begin
  if uid is null then
    raise exception 'sign in first' using errcode = '42501';
  end if;
  insert into public.calendar_feeds (user_id, token) values (uid, fresh)
  on conflict (user_id) do update set token = excluded.token, created_at = now();
  return fresh;
end
$$;
revoke execute on function public.rotate_calendar_token() from public, anon;
grant execute on function public.rotate_calendar_token() to authenticated;
