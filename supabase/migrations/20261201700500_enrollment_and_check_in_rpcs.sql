-- One database path for writes on a user's behalf: PostgREST RPCs called with the user's own token
-- (enroll, cancel_enrollment, check_in), the user taken from auth.uid(), never from an argument.

-- The events select policy for authenticated (events_select_public_or_member), as a predicate the
-- definer wrappers below can ask: an event the caller cannot read does not exist for them.
-- 60_refusals_rpcs.test.sql fails when the policy changes without this helper.
create function private.caller_can_read_event(target uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.events e
     where e.id = target
       and (e.status <> 'draft' or e.organizer_id = (select auth.uid()) or e.id in (select private.joined_event_ids()))
  )
$$;
comment on function private.caller_can_read_event(uuid) is
  'Whether the events select policy for authenticated lets the caller read this event (same predicate).';
revoke execute on function private.caller_can_read_event(uuid) from public;

create function public.enroll(event_id uuid) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  caller uuid := (select auth.uid());
begin
  if caller is null then
    raise exception 'sign in to enroll' using errcode = '42501';
  end if;
  if not private.caller_can_read_event(enroll.event_id) then
    perform private.refuse('event_not_found', jsonb_build_object('event_id', enroll.event_id));
  end if;
  return private.enroll(enroll.event_id, caller);
end
$$;
comment on function public.enroll(uuid) is
  'Enrolls the caller in a published, future event, or puts them on its waitlist: {enrollment_id, event_id, status, position}. Refusals: event_not_found, event_draft, event_cancelled, event_past, already_enrolled.';

create function public.cancel_enrollment(event_id uuid) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  caller uuid := (select auth.uid());
begin
  if caller is null then
    raise exception 'sign in to cancel an enrollment' using errcode = '42501';
  end if;
  if not private.caller_can_read_event(cancel_enrollment.event_id) then
    perform private.refuse('event_not_found', jsonb_build_object('event_id', cancel_enrollment.event_id));
  end if;
  return private.cancel_enrollment(cancel_enrollment.event_id, caller);
end
$$;
comment on function public.cancel_enrollment(uuid) is
  'Cancels the caller''s enrollment (the first person on the waitlist takes the seat): {enrollment_id, event_id, status, promoted}. Refusals: event_not_found, not_enrolled.';

create function public.check_in(code text, event_id uuid default null, session_id uuid default null) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  caller uuid := (select auth.uid());
begin
  if caller is null then
    raise exception 'sign in to check people in' using errcode = '42501';
  end if;
  -- private.check_in decides whether the caller organizes the event (creates the session).
  return private.check_in(check_in.code, check_in.event_id, check_in.session_id, caller);
end
$$;
comment on function public.check_in(text, uuid, uuid) is
  'An organizer (co-organizer, session creator) checks a ticket in, once: {status: checked_in | already_checked_in, checked_in_at, attendee}. Name exactly one of event_id, session_id.';

revoke execute on function public.enroll(uuid), public.cancel_enrollment(uuid), public.check_in(text, uuid, uuid)
  from public, anon;
grant execute on function public.enroll(uuid), public.cancel_enrollment(uuid), public.check_in(text, uuid, uuid)
  to authenticated;
