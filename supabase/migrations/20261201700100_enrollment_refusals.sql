-- Enrollment refusals through private.refuse (PT<status>, HINT = reason, facts in DETAIL) instead of
-- "reason: …" message prefixes on P0001/P0002/23505; bodies otherwise as in 20261121010200.

create or replace function private.enroll(target_event uuid, target_user uuid)
returns jsonb language plpgsql security definer set search_path = '' as $$
declare
  ev public.events;
  existing public.enrollments;
  next_status public.enrollment_status;
  result public.enrollments;
begin
  -- The event row lock serialises every seat change of this event: capacity is never exceeded.
  select * into ev from public.events where id = target_event for update;
  if ev.id is null then
    perform private.refuse('event_not_found', jsonb_build_object('event_id', target_event));
  elsif ev.status = 'draft' then
    perform private.refuse('event_draft', jsonb_build_object('event_id', target_event));
  elsif ev.status = 'cancelled' then
    perform private.refuse('event_cancelled', jsonb_build_object('event_id', target_event));
  elsif ev.starts_at <= now() then
    perform private.refuse('event_past', jsonb_build_object('event_id', target_event, 'starts_at', ev.starts_at));
  end if;

  select * into existing from public.enrollments where event_id = target_event and user_id = target_user for update;
  if existing.id is not null and existing.status <> 'cancelled' then
    perform private.refuse('already_enrolled', jsonb_build_object('event_id', target_event, 'status', existing.status));
  end if;

  next_status := case when ev.capacity is null or ev.enrolled_count < ev.capacity then 'enrolled' else 'waitlisted' end;

  insert into public.enrollments as en (event_id, user_id, status, waitlist_ticket, enrolled_at, waitlisted_at)
  values (
    target_event, target_user, next_status,
    case when next_status = 'waitlisted' then nextval('private.waitlist_ticket') end,
    case when next_status = 'enrolled' then now() end,
    case when next_status = 'waitlisted' then now() end
  )
  on conflict (event_id, user_id) do update
    set status = excluded.status,
        waitlist_ticket = excluded.waitlist_ticket,
        enrolled_at = excluded.enrolled_at,
        waitlisted_at = excluded.waitlisted_at,
        cancelled_at = null,
        updated_at = now()
  returning * into result;

  update public.events
     set enrolled_count = enrolled_count + (next_status = 'enrolled')::int,
         waitlisted_count = waitlisted_count + (next_status = 'waitlisted')::int
   where id = target_event;

  return jsonb_build_object(
    'enrollment_id', result.id,
    'event_id', target_event,
    'status', result.status,
    'position', case when next_status = 'waitlisted' then ev.waitlisted_count + 1 end
  );
end
$$;

create or replace function private.cancel_enrollment(target_event uuid, target_user uuid)
returns jsonb language plpgsql security definer set search_path = '' as $$
declare
  ev public.events;
  existing public.enrollments;
  promoted integer := 0;
begin
  select * into ev from public.events where id = target_event for update;
  if ev.id is null then
    perform private.refuse('event_not_found', jsonb_build_object('event_id', target_event));
  end if;
  select * into existing from public.enrollments where event_id = target_event and user_id = target_user for update;
  if existing.id is null or existing.status = 'cancelled' then
    perform private.refuse('not_enrolled', jsonb_build_object('event_id', target_event, 'status', existing.status));
  end if;

  update public.enrollments
     set status = 'cancelled', waitlist_ticket = null, cancelled_at = now(), updated_at = now()
   where id = existing.id;
  update public.events
     set enrolled_count = enrolled_count - (existing.status = 'enrolled')::int,
         waitlisted_count = waitlisted_count - (existing.status = 'waitlisted')::int
   where id = target_event;

  if existing.status = 'enrolled' and ev.status in ('published', 'locked') then
    promoted := private.promote_waitlist(target_event);
  end if;
  return jsonb_build_object('enrollment_id', existing.id, 'event_id', target_event, 'status', 'cancelled', 'promoted', promoted);
end
$$;
