-- Single-line fields refuse control characters (CR, LF, TAB, NUL…), so a title can never inject
-- lines into calendars, email headers or CSV exports; sign-up strips them from the display name.

create function private.is_single_line(value text) returns boolean
language sql immutable parallel safe set search_path = '' as $$
  select value is null or value !~ '[\x01-\x1f\x7f-\x9f\u2028\u2029]'
$$;
comment on function private.is_single_line(text) is 'True when the text has no control characters or Unicode line/paragraph separators.';
revoke execute on function private.is_single_line(text) from public;
grant execute on function private.is_single_line(text) to anon, authenticated, service_role;

alter table public.events
  add constraint events_title_single_line check (private.is_single_line(title)),
  add constraint events_location_single_line check (private.is_single_line(location)),
  add constraint events_slug_single_line check (private.is_single_line(slug));

alter table public.sessions
  add constraint sessions_title_single_line check (private.is_single_line(title)),
  add constraint sessions_location_single_line check (private.is_single_line(location));

alter table public.profiles
  add constraint profiles_display_name_single_line check (private.is_single_line(display_name));

-- Auth accepts any metadata: a display name with line breaks becomes a clean one instead of a failed sign-up.
create or replace function private.handle_new_user() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  requested text := new.raw_user_meta_data ->> 'role';
  name text := nullif(btrim(regexp_replace(
    coalesce(new.raw_user_meta_data ->> 'display_name', new.raw_user_meta_data ->> 'full_name', ''),
    '[\x01-\x1f\x7f-\x9f\u2028\u2029]+', ' ', 'g')), '');
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
