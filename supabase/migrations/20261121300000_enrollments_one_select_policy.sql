-- Enrollments: one select policy for `authenticated` instead of two permissive ones (the advisor's
-- multiple_permissive_policies warning): a user reads their own rows, organizers their event's.

drop policy enrollments_select_own on public.enrollments;
drop policy enrollments_select_by_organizers on public.enrollments;

create policy enrollments_select_own_or_by_organizers on public.enrollments
  for select to authenticated
  using (
    user_id = (select auth.uid())
    or private.has_event_role(event_id, array['organizer', 'co_organizer']::public.event_member_role[])
  );
