-- Identity: one profile per auth user with exactly one role, created by on_auth_user_created.
-- The role is chosen at sign-up (seeker / facilitator / creator) and never changed by its owner.

create type public.user_role as enum ('seeker', 'facilitator', 'creator', 'admin');

create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  display_name text not null check (char_length(btrim(display_name)) between 1 and 80),
  avatar_path text check (avatar_path is null or char_length(avatar_path) <= 300),
  bio text not null default '' check (char_length(bio) <= 2000),
  role public.user_role not null default 'seeker',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
alter table public.profiles enable row level security;

comment on table public.profiles is 'Public face of every user; one row per auth.users row, made by on_auth_user_created.';
comment on column public.profiles.role is 'Source of truth for the user_role JWT claim. Only admins change it, via set_user_role().';
comment on column public.profiles.avatar_path is 'Object name in the avatars bucket, under <user id>/.';

-- Explicit grants: everyone signed in reads profiles (names on attendee lists); owners may change
-- only their own display fields. role and id are not updatable through the API at all.
grant select on public.profiles to authenticated, service_role;
grant update (display_name, avatar_path, bio) on public.profiles to authenticated;
grant insert, update, delete on public.profiles to service_role;

create policy profiles_select_by_signed_in on public.profiles
  for select to authenticated using (true);

create policy profiles_update_by_owner on public.profiles
  for update to authenticated
  using (id = (select auth.uid()))
  with check (id = (select auth.uid()));

-- Role helpers used by policies. The claim is written by custom_access_token_hook.
create function private.jwt_role() returns public.user_role
language sql stable set search_path = '' as $$
  select case
    when (select auth.jwt()) ->> 'user_role' in ('seeker', 'facilitator', 'creator', 'admin')
      then ((select auth.jwt()) ->> 'user_role')::public.user_role
  end
$$;
comment on function private.jwt_role() is 'The caller''s GatherHub role from the user_role JWT claim, or null.';

create function private.is_admin() returns boolean
language sql stable set search_path = '' as $$
  select coalesce(private.jwt_role() = 'admin', false)
$$;

grant usage on schema private to authenticated, anon;
grant execute on function private.jwt_role(), private.is_admin() to authenticated, anon, service_role;

create function private.touch_updated_at() returns trigger
language plpgsql set search_path = '' as $$
begin
  new.updated_at := now();
  return new;
end
$$;

create trigger profiles_touch_updated_at before update on public.profiles
  for each row execute function private.touch_updated_at();

-- on_auth_user_created: definer because it writes profiles on behalf of Auth's insert.
create function private.handle_new_user() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  requested text := new.raw_user_meta_data ->> 'role';
  name text := nullif(btrim(coalesce(new.raw_user_meta_data ->> 'display_name', new.raw_user_meta_data ->> 'full_name', '')), '');
begin
  insert into public.profiles (id, display_name, role)
  values (
    new.id,
    left(coalesce(name, split_part(coalesce(new.email, ''), '@', 1), 'member'), 80),
    -- Only the self-service roles can be picked; anything else (admin included) is a seeker.
    case when requested in ('seeker', 'facilitator', 'creator') then requested::public.user_role else 'seeker' end
  );
  return new;
end
$$;

create trigger on_auth_user_created after insert on auth.users
  for each row execute function private.handle_new_user();

-- Admins change roles here, never by updating the column.
create function public.set_user_role(target uuid, new_role public.user_role) returns public.profiles
language plpgsql security definer set search_path = '' as $$
declare
  result public.profiles;
begin
  if not (private.is_admin() or (select auth.role()) = 'service_role') then
    raise exception 'only admins can change roles' using errcode = '42501';
  end if;
  update public.profiles set role = new_role where id = target returning * into result;
  if result.id is null then
    -- PT404: PostgREST answers 404 (it would answer 500 for P0002).
    raise exception 'no such user' using errcode = 'PT404';
  end if;
  return result;
end
$$;
revoke execute on function public.set_user_role(uuid, public.user_role) from public, anon;
grant execute on function public.set_user_role(uuid, public.user_role) to authenticated, service_role;
