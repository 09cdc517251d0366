-- Enrolling does less per seat: visibility is one primary-key read for a published event (the
-- membership list only for drafts), and the waitlisted email counts its place without permission checks.

create or replace function private.caller_can_read_event(target uuid) returns boolean
language plpgsql stable security definer set search_path = '' as $$
declare
  ev record;
begin
  select e.status, e.organizer_id into ev from public.events e where e.id = target;
  if not found then
    return false;
  end if;
  -- The events select policy for authenticated, clause by clause, cheapest first.
  if ev.status <> 'draft' or ev.organizer_id = (select auth.uid()) then
    return true;
  end if;
  return target in (select private.joined_event_ids());
end
$$;

-- The place of a waitlist ticket: people ahead of it on the same event's waitlist, plus one.
-- For server-side callers (the email trigger); rpc/waitlist_position keeps its ownership checks.
create function private.waitlist_place(event uuid, ticket bigint) returns integer
language sql stable set search_path = '' as $$
  select count(*)::integer + 1 from public.enrollments o
   where o.event_id = waitlist_place.event and o.status = 'waitlisted' and o.waitlist_ticket < waitlist_place.ticket
$$;
revoke execute on function private.waitlist_place(uuid, bigint) from public, anon, authenticated;

create or replace function private.enrollments_after_write_email() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  previous public.enrollment_status := case when tg_op = 'UPDATE' then old.status end;
begin
  if previous is not distinct from new.status then
    return null;
  end if;
  if new.status = 'cancelled' then
    -- Whatever was still waiting for this enrollment is moot now.
    delete from public.email_outbox
     where subject_id = new.id and subject_table = 'enrollments' and status in ('pending', 'failed');
    perform private.enqueue_enrollment_email(new, 'enrollment_cancelled', 'enrollment_cancelled:' || new.id || ':' || private.stamp(new.cancelled_at));
  elsif new.status = 'enrolled' and previous = 'waitlisted' then
    perform private.enqueue_enrollment_email(new, 'waitlist_promoted', 'waitlist_promoted:' || new.id || ':' || private.stamp(new.enrolled_at));
  elsif new.status = 'enrolled' then
    perform private.enqueue_enrollment_email(new, 'enrollment_confirmed', 'enrollment_confirmed:' || new.id || ':' || private.stamp(new.enrolled_at));
  elsif new.status = 'waitlisted' then
    perform private.enqueue_enrollment_email(new, 'waitlisted', 'waitlisted:' || new.id || ':' || private.stamp(new.waitlisted_at),
      payload => jsonb_build_object('waitlist_position', private.waitlist_place(new.event_id, new.waitlist_ticket)));
  end if;
  return null;
end
$$;
