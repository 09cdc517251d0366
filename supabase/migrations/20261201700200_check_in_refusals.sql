-- Check-in refusals through private.refuse (PT<status>, HINT = reason, facts such as opens_at in
-- DETAIL); naming both or neither target stays a plain 22023. Body otherwise as in 20261201500000.

create or replace function private.check_in(code text, target_event uuid, target_session uuid, scanner uuid)
returns jsonb language plpgsql security definer set search_path = '' as $$
declare
  parts text[] := regexp_match(code, '^(gh1\.[0-9a-f]{32})\.([0-9a-f]{32})$');
  starts timestamptz;
  opens_before interval;
  target_status text;
  t public.tickets;
  subject_status text;
  already boolean;
begin
  if (target_event is null) = (target_session is null) then
    raise exception 'name exactly one event or session' using errcode = '22023';
  end if;
  -- Who may scan comes first: anyone else learns nothing about any code.
  if target_event is not null then
    select e.starts_at, e.checkin_opens_before, e.status::text into starts, opens_before, target_status
      from public.events e
     where e.id = target_event
       and exists (select 1 from public.event_members m
                    where m.event_id = e.id and m.user_id = scanner and m.role in ('organizer', 'co_organizer'));
  else
    select s.starts_at, s.checkin_opens_before, case when s.published then 'published' else 'draft' end
      into starts, opens_before, target_status
      from public.sessions s where s.id = target_session and s.creator_id = scanner;
  end if;
  if target_status is null then
    perform private.refuse('not_organizer', jsonb_build_object('event_id', target_event, 'session_id', target_session));
  end if;

  if parts is null then
    perform private.refuse('ticket_malformed');
  elsif parts[2] is distinct from private.ticket_signature(parts[1]) then
    perform private.refuse('ticket_forged');
  end if;
  select * into t from public.tickets tk where tk.code = check_in.code for update;
  if t.id is null then
    perform private.refuse('ticket_unknown');
  elsif t.event_id is distinct from target_event or t.session_id is distinct from target_session then
    perform private.refuse('ticket_other_event');
  end if;

  if t.enrollment_id is not null then
    select en.status::text into subject_status from public.enrollments en where en.id = t.enrollment_id;
  else
    select b.status::text into subject_status from public.bookings b where b.id = t.booking_id;
  end if;
  if subject_status = 'cancelled' then
    perform private.refuse('ticket_cancelled', jsonb_build_object('status', subject_status));
  elsif subject_status = 'waitlisted' then
    perform private.refuse('ticket_waitlisted', jsonb_build_object('status', subject_status));
  elsif subject_status not in ('enrolled', 'confirmed') then
    perform private.refuse('ticket_not_confirmed', jsonb_build_object('status', subject_status));
  elsif target_status = 'cancelled' then
    perform private.refuse('event_cancelled', jsonb_build_object('event_id', target_event));
  elsif starts is null or now() < starts - opens_before then
    perform private.refuse('checkin_not_open', jsonb_build_object('opens_at', starts - opens_before));
  end if;

  already := t.checked_in_at is not null;
  if not already then
    update public.tickets set checked_in_at = now(), checked_in_by = scanner where id = t.id
      returning * into t;
  end if;
  return jsonb_build_object(
    'status', case when already then 'already_checked_in' else 'checked_in' end,
    'ticket_id', t.id, 'event_id', t.event_id, 'session_id', t.session_id, 'checked_in_at', t.checked_in_at,
    'attendee', (select jsonb_build_object('user_id', p.id, 'display_name', p.display_name) from public.profiles p where p.id = t.user_id)
  );
end
$$;
