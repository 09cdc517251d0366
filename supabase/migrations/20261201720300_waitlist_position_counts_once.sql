-- One count of a waitlist place: rpc/waitlist_position keeps its ownership checks and asks
-- private.waitlist_place (720100, used by the waitlisted email) instead of a second copy of the count.

create or replace function public.waitlist_position(enrollment public.enrollments) returns integer
language sql stable security definer set search_path = '' as $$
  select case when en.status = 'waitlisted' then private.waitlist_place(en.event_id, en.waitlist_ticket) end
    from public.enrollments en
   where en.id = enrollment.id
     and (coalesce((select auth.role()), '') not in ('anon', 'authenticated')
          or en.user_id = (select auth.uid())
          or private.has_event_role(en.event_id, array['organizer', 'co_organizer']::public.event_member_role[]))
$$;
