-- One way to refuse in SQL: private.refusals lists every reason (HTTP status, error code, message) and
-- private.refuse(reason, details) raises it as SQLSTATE PT<status>, HINT = reason, DETAIL = details (JSON).

create table private.refusals (
  reason text primary key check (reason ~ '^[a-z][a-z0-9_]*$'),
  status smallint not null check (status between 400 and 499),
  code text not null check (code ~ '^[a-z][a-z0-9_]*$'),
  message text not null check (char_length(btrim(message)) between 1 and 200)
);
alter table private.refusals enable row level security;

comment on table private.refusals is
  'Every refusal the database raises through private.refuse: PostgREST answers `status`, clients read `reason` from the error hint. `npm run types` copies the rows to supabase/functions/_shared/contract/refusals.generated.ts.';
comment on column private.refusals.code is 'The API error code clients switch on (several reasons may share one, e.g. not_found).';
comment on column private.refusals.message is 'The message clients see; facts about the case go in the error detail (JSON), not here.';

revoke all on private.refusals from public, anon, authenticated;
grant select on private.refusals to service_role;

-- The HTTP status and error code each reason had before this table (edge-function mapping tables and
-- the SDK's planning codes) are kept, so no client sees a different answer.
insert into private.refusals (reason, status, code, message) values
  ('already_booked', 409, 'already_booked', 'You already hold a seat in this session.'),
  ('already_enrolled', 409, 'conflict', 'You are already enrolled or waitlisted for this event.'),
  ('booking_not_found', 404, 'not_found', 'No such booking.'),
  ('checkin_not_open', 422, 'unprocessable', 'Check-in is not open yet.'),
  ('event_cancelled', 422, 'unprocessable', 'This event was cancelled.'),
  ('event_draft', 422, 'unprocessable', 'This event is not published yet.'),
  ('event_locked', 409, 'event_locked', 'Planning of this event is closed.'),
  ('event_not_found', 404, 'not_found', 'No such event.'),
  ('event_past', 422, 'unprocessable', 'This event has already started.'),
  ('not_cancellable', 409, 'not_cancellable', 'This booking can no longer be cancelled.'),
  ('not_enrolled', 404, 'not_found', 'You are not enrolled in this event.'),
  ('not_organizer', 403, 'forbidden', 'Only the organizers of this event (or the creator of this session) can check people in.'),
  ('option_not_found', 404, 'option_not_found', 'No such poll option.'),
  ('own_session', 403, 'forbidden', 'Creators cannot book their own session.'),
  ('poll_closed', 409, 'poll_closed', 'This poll is closed.'),
  ('series_not_found', 404, 'not_found', 'No such series occurrence that you organize.'),
  ('session_full', 409, 'session_full', 'This session is full.'),
  ('session_not_found', 404, 'not_found', 'No such session.'),
  ('session_started', 409, 'session_started', 'This session has already started.'),
  ('slot_not_found', 404, 'slot_not_found', 'No such time slot.'),
  ('ticket_cancelled', 422, 'unprocessable', 'This enrollment or booking was cancelled.'),
  ('ticket_forged', 422, 'unprocessable', 'This ticket code is forged: its signature is wrong.'),
  ('ticket_malformed', 400, 'invalid_input', 'This is not a ticket code.'),
  ('ticket_not_confirmed', 422, 'unprocessable', 'This booking is not confirmed.'),
  ('ticket_other_event', 409, 'conflict', 'This ticket is for another event or session.'),
  ('ticket_unknown', 404, 'not_found', 'No ticket has this code.'),
  ('ticket_waitlisted', 422, 'unprocessable', 'This person is on the waitlist, not enrolled.'),
  ('user_not_found', 404, 'not_found', 'No such user.');

-- Definer: callers (invoker triggers run as anon/authenticated) cannot read private.refusals.
create function private.refuse(reason text, details jsonb default null) returns void
language plpgsql security definer set search_path = '' as $$
declare
  refusal private.refusals;
begin
  select * into refusal from private.refusals r where r.reason = refuse.reason;
  if refusal.reason is null then
    raise exception 'private.refuse was called with the unknown reason %; add it to private.refusals', coalesce(reason, 'null');
  end if;
  raise exception using
    errcode = 'PT' || refusal.status::text,
    message = refusal.message,
    hint = refusal.reason,
    detail = coalesce(details, '{}'::jsonb)::text;
end
$$;
comment on function private.refuse(text, jsonb) is
  'Raises the refusal `reason` (a row of private.refusals): SQLSTATE PT<status>, its message, HINT = reason, DETAIL = details as JSON.';

revoke execute on function private.refuse(text, jsonb) from public;
grant execute on function private.refuse(text, jsonb) to anon, authenticated, service_role;
