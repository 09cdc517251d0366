-- Tickets and check-in: every confirmed enrollment and booking gets a signed, unguessable code;
-- organizers (creators for sessions) check it in once, atomically, through private.check_in.

-- The HMAC key is made here, lives in `private` (never exposed) and is read only by definer
-- functions: nobody outside the database can mint a code that verifies.
create table private.ticket_signing_keys (
  id smallint primary key default 1 check (id = 1),
  secret bytea not null default extensions.gen_random_bytes(32),
  created_at timestamptz not null default now()
);
alter table private.ticket_signing_keys enable row level security;
revoke all on private.ticket_signing_keys from public, anon, authenticated, service_role;
insert into private.ticket_signing_keys default values;
comment on table private.ticket_signing_keys is 'The secret that signs ticket codes (HMAC-SHA-256). Rotating it forges every ticket issued before.';

-- When the doors open: start minus this window (organizers set it per event / session).
alter table public.events add column checkin_opens_before interval not null default interval '2 hours'
  constraint events_checkin_window_range check (checkin_opens_before between interval '0' and interval '7 days');
alter table public.sessions add column checkin_opens_before interval not null default interval '2 hours'
  constraint sessions_checkin_window_range check (checkin_opens_before between interval '0' and interval '7 days');
comment on column public.events.checkin_opens_before is 'Check-in opens this long before starts_at (0 to 7 days).';
comment on column public.sessions.checkin_opens_before is 'Check-in opens this long before starts_at (0 to 7 days).';
grant insert (checkin_opens_before), update (checkin_opens_before) on public.events to authenticated;
grant insert (checkin_opens_before), update (checkin_opens_before) on public.sessions to authenticated;

create table public.tickets (
  id uuid primary key default gen_random_uuid(),
  code text not null unique,
  user_id uuid not null references public.profiles (id) on delete cascade,
  enrollment_id uuid unique references public.enrollments (id) on delete cascade,
  event_id uuid references public.events (id) on delete cascade,
  booking_id uuid unique references public.bookings (id) on delete cascade,
  session_id uuid references public.sessions (id) on delete cascade,
  checked_in_at timestamptz,
  checked_in_by uuid references public.profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  constraint tickets_one_subject check (
    (enrollment_id is not null and event_id is not null and booking_id is null and session_id is null)
    or (booking_id is not null and session_id is not null and enrollment_id is null and event_id is null)
  )
);
alter table public.tickets enable row level security;
create index tickets_user_id_idx on public.tickets (user_id);
create index tickets_event_id_idx on public.tickets (event_id) where event_id is not null;
create index tickets_session_id_idx on public.tickets (session_id) where session_id is not null;
create index tickets_checked_in_by_idx on public.tickets (checked_in_by) where checked_in_by is not null;

comment on table public.tickets is 'One ticket per confirmed enrollment or booking. Issued by triggers, checked in only by private.check_in; owners read their own.';
comment on column public.tickets.code is 'gh1.<32 hex id>.<32 hex HMAC>: unguessable, and a scanner tells a forged code from an unknown one.';

-- Owners only: a code is a door key. Organizers see attendance through dashboard_attendance().
grant select on public.tickets to authenticated;
grant select, insert, update, delete on public.tickets to service_role;
create policy tickets_select_by_owner on public.tickets
  for select to authenticated using (user_id = (select auth.uid()));

create function private.ticket_signature(payload text) returns text
language sql stable security definer set search_path = '' as $$
  select encode(substring(extensions.hmac(convert_to(payload, 'UTF8'), k.secret, 'sha256') from 1 for 16), 'hex')
    from private.ticket_signing_keys k where k.id = 1
$$;

-- The ticket of an enrollment or a booking, issued on first use; returns its code.
create function private.issue_ticket(subject_table text, subject uuid) returns text
language plpgsql security definer set search_path = '' as $$
declare
  ticket_id uuid := gen_random_uuid();
  payload text := 'gh1.' || replace(ticket_id::text, '-', '');
  new_code text := payload || '.' || private.ticket_signature(payload);
begin
  if subject_table = 'enrollments' then
    insert into public.tickets (id, code, user_id, enrollment_id, event_id)
    select ticket_id, new_code, en.user_id, en.id, en.event_id from public.enrollments en where en.id = subject
    on conflict (enrollment_id) do nothing;
    return (select t.code from public.tickets t where t.enrollment_id = subject);
  elsif subject_table = 'bookings' then
    insert into public.tickets (id, code, user_id, booking_id, session_id)
    select ticket_id, new_code, b.user_id, b.id, b.session_id from public.bookings b where b.id = subject
    on conflict (booking_id) do nothing;
    return (select t.code from public.tickets t where t.booking_id = subject);
  end if;
  raise exception 'issue_ticket: unknown subject table %', subject_table;
end
$$;

create function private.enrollments_after_status_issue_ticket() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  perform private.issue_ticket('enrollments', new.id);
  return null;
end
$$;
create trigger enrollments_after_status_issue_ticket after insert or update of status on public.enrollments
  for each row when (new.status = 'enrolled') execute function private.enrollments_after_status_issue_ticket();

create function private.bookings_after_status_issue_ticket() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  perform private.issue_ticket('bookings', new.id);
  return null;
end
$$;
create trigger bookings_after_status_issue_ticket after insert or update of status on public.bookings
  for each row when (new.status = 'confirmed') execute function private.bookings_after_status_issue_ticket();

-- Confirmation emails carry the ticket (the dispatcher renders it as a QR code). Issued here too,
-- so the email never depends on which AFTER trigger ran first.
create function private.email_outbox_attach_ticket() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  new.payload := new.payload || jsonb_build_object('ticket_code', private.issue_ticket(new.subject_table, new.subject_id));
  return new;
end
$$;
create trigger email_outbox_attach_ticket before insert on public.email_outbox
  for each row
  when (new.kind in ('enrollment_confirmed', 'waitlist_promoted', 'booking_confirmed') and new.subject_table in ('enrollments', 'bookings'))
  execute function private.email_outbox_attach_ticket();

-- Checks a ticket in for one event or session. Raises a stable reason (before ':') that the
-- checkin function maps to HTTP. The ticket row lock makes concurrent scans of one code check it
-- in exactly once; a second scan returns the first check-in and changes nothing.
create function private.check_in(code text, target_event uuid, target_session uuid, scanner uuid) returns jsonb
language plpgsql security definer set search_path = '' as $$
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
    raise exception 'bad_target: name exactly one event or session' using errcode = '22023';
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
    raise exception 'not_organizer: only organizers of the event (the creator of the session) check people in' using errcode = '42501';
  end if;

  if parts is null then
    raise exception 'ticket_malformed: not a ticket code' using errcode = '22023';
  elsif parts[2] is distinct from private.ticket_signature(parts[1]) then
    raise exception 'ticket_forged: the code''s signature is wrong' using errcode = '22023';
  end if;
  select * into t from public.tickets tk where tk.code = check_in.code for update;
  if t.id is null then
    raise exception 'ticket_unknown: a genuine code, but no such ticket (any more)' using errcode = 'P0002';
  elsif t.event_id is distinct from target_event or t.session_id is distinct from target_session then
    raise exception 'ticket_other_event: the ticket is for another event or session' using errcode = '22023';
  end if;

  if t.enrollment_id is not null then
    select en.status::text into subject_status from public.enrollments en where en.id = t.enrollment_id;
  else
    select b.status::text into subject_status from public.bookings b where b.id = t.booking_id;
  end if;
  if subject_status = 'cancelled' then
    raise exception 'ticket_cancelled: the enrollment or booking was cancelled' using errcode = '22023';
  elsif subject_status = 'waitlisted' then
    raise exception 'ticket_waitlisted: the person is on the waitlist, not enrolled' using errcode = '22023';
  elsif subject_status not in ('enrolled', 'confirmed') then
    raise exception 'ticket_not_confirmed: the booking is %', subject_status using errcode = '22023';
  elsif target_status = 'cancelled' then
    raise exception 'event_cancelled: the event was cancelled' using errcode = '22023';
  elsif starts is null or now() < starts - opens_before then
    raise exception 'checkin_not_open: check-in opens at %', to_char((starts - opens_before) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
      using errcode = '22023', detail = jsonb_build_object('opens_at', starts - opens_before)::text;
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

revoke execute on function private.ticket_signature(text), private.issue_ticket(text, uuid),
  private.enrollments_after_status_issue_ticket(), private.bookings_after_status_issue_ticket(),
  private.email_outbox_attach_ticket(), private.check_in(text, uuid, uuid, uuid)
  from public, anon, authenticated;
-- Only the service role (the checkin edge function) scans.
grant execute on function private.check_in(text, uuid, uuid, uuid) to service_role;

-- Tickets for what existed before this migration.
select private.issue_ticket('enrollments', en.id) from public.enrollments en where en.status = 'enrolled';
select private.issue_ticket('bookings', b.id) from public.bookings b where b.status = 'confirmed';
