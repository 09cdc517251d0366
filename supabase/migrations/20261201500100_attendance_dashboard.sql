-- Attendance for organizers: per event they organize and session they sell, confirmed seats,
-- check-ins and the no-show rate once it has started.

-- Definer because tickets are readable by their owners only; the caller's own events and
-- sessions are selected explicitly (organizer / co-organizer membership, session creator).
create function public.dashboard_attendance()
returns table (
  kind text, id uuid, title text, starts_at timestamptz, confirmed integer, checked_in integer,
  no_shows integer, no_show_rate numeric, started boolean
)
language sql stable security definer set search_path = '' as $$
  with counts as (
    select 'event'::text as kind, e.id, e.title, e.starts_at,
           count(en.id)::integer as confirmed,
           count(t.checked_in_at)::integer as checked_in
      from public.events e
      left join public.enrollments en on en.event_id = e.id and en.status = 'enrolled'
      left join public.tickets t on t.enrollment_id = en.id
     where exists (select 1 from public.event_members m
                    where m.event_id = e.id and m.user_id = (select auth.uid()) and m.role in ('organizer', 'co_organizer'))
     group by e.id
    union all
    select 'session', s.id, s.title, s.starts_at, count(b.id)::integer, count(t.checked_in_at)::integer
      from public.sessions s
      left join public.bookings b on b.session_id = s.id and b.status = 'confirmed'
      left join public.tickets t on t.booking_id = b.id
     where s.creator_id = (select auth.uid())
     group by s.id
  )
  select c.kind, c.id, c.title, c.starts_at, c.confirmed, c.checked_in,
         case when c.starts_at <= now() then c.confirmed - c.checked_in end,
         case when c.starts_at <= now() and c.confirmed > 0
              then round((c.confirmed - c.checked_in)::numeric / c.confirmed, 4) end,
         coalesce(c.starts_at <= now(), false)
    from counts c
   order by c.starts_at nulls last, c.id
$$;
comment on function public.dashboard_attendance() is 'The caller''s events (organizer/co-organizer) and sessions (creator): confirmed seats, check-ins, no-shows and no-show rate once started.';

revoke execute on function public.dashboard_attendance() from public, anon;
grant execute on function public.dashboard_attendance() to authenticated, service_role;
