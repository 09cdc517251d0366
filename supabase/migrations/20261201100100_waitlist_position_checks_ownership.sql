-- rpc/waitlist_position trusted the row a client passed (any event id, any ticket): it now reads the
-- real enrollment by id and answers only its owner, the event's organizers and server-side callers.

-- Same signature, so my_enrollments and the waitlisted email keep calling it on their rows. Definer
-- because the position counts other people's rows that the caller may not see; only the id of the
-- argument is used, and the API roles (anon/authenticated claims) must own the row or organize.
create or replace function public.waitlist_position(enrollment public.enrollments) returns integer
language sql stable security definer set search_path = '' as $$
  select case when en.status = 'waitlisted' then (
    select count(*)::integer + 1 from public.enrollments o
    where o.event_id = en.event_id and o.status = 'waitlisted' and o.waitlist_ticket < en.waitlist_ticket
  ) end
    from public.enrollments en
   where en.id = enrollment.id
     and (coalesce((select auth.role()), '') not in ('anon', 'authenticated')
          or en.user_id = (select auth.uid())
          or private.has_event_role(en.event_id, array['organizer', 'co_organizer']::public.event_member_role[]))
$$;
comment on function public.waitlist_position(public.enrollments) is 'Place in the waitlist of the enrollment with this id, for its owner and the event''s organizers; null otherwise.';
