-- The personal calendar feed through PostgREST (issue 15, one database path): rpc/calendar_feed
-- gives the calendar function a feed token's entries in one call, instead of SQL over postgres.js.

-- The token is the credential (a calendar app has no user JWT): definer, it reads the owner's
-- enrollments and bookings and the join links RLS and column privileges keep from anon. Null for an
-- unknown or revoked token, else the feed's entries ([] when there are none). Links only for seats
-- that may join: enrolled (not waitlisted), confirmed (not pending).
create function public.calendar_feed(token uuid) returns jsonb
language sql stable security definer set search_path = '' as $$
  select coalesce((
           select jsonb_agg(jsonb_build_object(
                    'id', e.id, 'slug', e.slug, 'kind', 'events', 'title', e.title, 'description', e.description,
                    'location', e.location, 'online_url', case when en.status = 'enrolled' then e.online_url end,
                    'starts_at', e.starts_at, 'ends_at', e.ends_at, 'timezone', e.timezone, 'status', e.status)
                  order by e.starts_at, e.id)
             from public.enrollments en
             join public.events e on e.id = en.event_id
            where en.user_id = f.user_id and en.status in ('enrolled', 'waitlisted')), '[]'::jsonb)
      || coalesce((
           select jsonb_agg(jsonb_build_object(
                    'id', s.id, 'slug', s.id::text, 'kind', 'sessions', 'title', s.title, 'description', s.description,
                    'location', coalesce(s.location, ''), 'online_url', case when b.status = 'confirmed' then s.online_url end,
                    'starts_at', s.starts_at, 'ends_at', s.ends_at, 'timezone', s.timezone, 'status', 'published')
                  order by s.starts_at, s.id)
             from public.bookings b
             join public.sessions s on s.id = b.session_id
            where b.user_id = f.user_id and b.status in ('pending', 'confirmed')), '[]'::jsonb)
    from public.calendar_feeds f
   where f.token = calendar_feed.token
$$;
comment on function public.calendar_feed(uuid) is 'The personal calendar feed of the token''s owner (enrollments, then bookings); null for an unknown or revoked token. Join links only for enrolled / confirmed seats.';

revoke execute on function public.calendar_feed(uuid) from public;
grant execute on function public.calendar_feed(uuid) to anon, authenticated, service_role;
