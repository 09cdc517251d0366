-- Organizer views: my events with enrolled / waitlisted / available counts, and attendee lists
-- that only organizers and co-organizers of the event can read (RLS of enrollments decides).

create view public.my_events with (security_invoker = true) as
  select e.id, e.slug, e.title, e.status, e.starts_at, e.ends_at, e.timezone, e.capacity,
         e.enrolled_count, e.waitlisted_count,
         case when e.capacity is null then null else greatest(e.capacity - e.enrolled_count, 0) end as available_spots,
         m.role as my_role
    from public.events e
    join public.event_members m on m.event_id = e.id and m.user_id = (select auth.uid())
   where m.role in ('organizer', 'co_organizer');
comment on view public.my_events is 'Events the caller organizes or co-organizes, with seat counts.';

create view public.event_attendees with (security_invoker = true) as
  select en.event_id, en.user_id, p.display_name, p.avatar_path, en.status, en.enrolled_at, en.waitlisted_at,
         en.waitlist_ticket
    from public.enrollments en
    join public.profiles p on p.id = en.user_id
   where en.status <> 'cancelled'
     and private.has_event_role(en.event_id, array['organizer', 'co_organizer']::public.event_member_role[]);
comment on view public.event_attendees is 'Enrolled and waitlisted people per event; organizers and co-organizers only.';

create view public.my_enrollments with (security_invoker = true) as
  select en.id, en.event_id, en.status, public.waitlist_position(en) as waitlist_position, en.enrolled_at, en.waitlisted_at,
         en.cancelled_at, e.slug, e.title, e.starts_at, e.ends_at, e.timezone, e.location, e.online_url,
         e.status as event_status,
         case when e.starts_at >= now() then 'upcoming' else 'past' end as timeframe
    from public.enrollments en
    join public.events e on e.id = en.event_id
   where en.user_id = (select auth.uid());
comment on view public.my_enrollments is 'The caller''s enrollments with their event; filter by status and timeframe.';

grant select on public.my_events, public.event_attendees, public.my_enrollments to authenticated, service_role;
