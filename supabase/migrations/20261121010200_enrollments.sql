-- Enrollment: enrolled / waitlisted / cancelled, one row per event and user. Clients never write
-- this table; private.enroll and private.cancel_enrollment do, one event row locked at a time.

create type public.enrollment_status as enum ('enrolled', 'waitlisted', 'cancelled');

create sequence private.waitlist_ticket;

create table public.enrollments (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references public.events (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  status public.enrollment_status not null,
  waitlist_ticket bigint,
  enrolled_at timestamptz,
  waitlisted_at timestamptz,
  cancelled_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint enrollments_one_per_user unique (event_id, user_id),
  constraint enrollments_ticket_when_waitlisted check ((status = 'waitlisted') = (waitlist_ticket is not null))
);
alter table public.enrollments enable row level security;
create index enrollments_user_id_idx on public.enrollments (user_id, status);
create index enrollments_waitlist_idx on public.enrollments (event_id, waitlist_ticket) where status = 'waitlisted';
create index enrollments_event_status_idx on public.enrollments (event_id, status);

comment on table public.enrollments is 'Seats and waitlist places. Written only by private.enroll / private.cancel_enrollment.';
comment on column public.enrollments.waitlist_ticket is 'Global first-come-first-served order of the waitlist; null unless waitlisted.';

grant select on public.enrollments to authenticated, service_role;
grant all on public.enrollments to service_role;

-- One select policy (own rows or organizer): two permissive ones would both run for every row.
create policy enrollments_select_own_or_by_organizers on public.enrollments
  for select to authenticated
  using (
    user_id = (select auth.uid())
    or private.has_event_role(event_id, array['organizer', 'co_organizer']::public.event_member_role[])
  );

-- Promotes waitlisted people into free seats, oldest ticket first. Caller holds the event lock.
create function private.promote_waitlist(target_event uuid) returns integer
language plpgsql security definer set search_path = '' as $$
declare
  free integer;
  promoted integer;
begin
  select case when e.capacity is null then 2147483647 else e.capacity - e.enrolled_count end
    into free from public.events e where e.id = target_event;
  if free is null or free <= 0 then
    return 0;
  end if;
  with next_in_line as (
    select id from public.enrollments
    where event_id = target_event and status = 'waitlisted'
    order by waitlist_ticket
    limit free
    for update
  )
  update public.enrollments en
     set status = 'enrolled', waitlist_ticket = null, enrolled_at = now(), updated_at = now()
    from next_in_line
   where en.id = next_in_line.id;
  get diagnostics promoted = row_count;
  if promoted > 0 then
    update public.events
       set enrolled_count = enrolled_count + promoted, waitlisted_count = waitlisted_count - promoted
     where id = target_event;
  end if;
  return promoted;
end
$$;

-- Enrolls a user, or waitlists them when the event is full. Raises with a stable message (the
-- part before ':') that the enrollments function maps to HTTP: event_not_found, event_draft,
-- event_cancelled, event_past, already_enrolled.
create function private.enroll(target_event uuid, target_user uuid) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  ev public.events;
  existing public.enrollments;
  next_status public.enrollment_status;
  result public.enrollments;
begin
  -- The event row lock serialises every seat change of this event: capacity is never exceeded.
  select * into ev from public.events where id = target_event for update;
  if ev.id is null then
    raise exception 'event_not_found: no event %', target_event using errcode = 'P0002';
  elsif ev.status = 'draft' then
    raise exception 'event_draft: the event is not published' using errcode = 'P0001';
  elsif ev.status = 'cancelled' then
    raise exception 'event_cancelled: the event was cancelled' using errcode = 'P0001';
  elsif ev.starts_at <= now() then
    raise exception 'event_past: the event has already started' using errcode = 'P0001';
  end if;

  select * into existing from public.enrollments where event_id = target_event and user_id = target_user for update;
  if existing.id is not null and existing.status <> 'cancelled' then
    raise exception 'already_enrolled: already %', existing.status using errcode = '23505';
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

-- Cancels a seat or waitlist place; a freed seat goes to the oldest waitlist ticket.
create function private.cancel_enrollment(target_event uuid, target_user uuid) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  ev public.events;
  existing public.enrollments;
  promoted integer := 0;
begin
  select * into ev from public.events where id = target_event for update;
  if ev.id is null then
    raise exception 'event_not_found: no event %', target_event using errcode = 'P0002';
  end if;
  select * into existing from public.enrollments where event_id = target_event and user_id = target_user for update;
  if existing.id is null or existing.status = 'cancelled' then
    raise exception 'not_enrolled: nothing to cancel' using errcode = 'P0002';
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

-- Raising the capacity lets waitlisted people in at once.
create function private.events_after_capacity_change() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  perform private.promote_waitlist(new.id);
  return new;
end
$$;
create trigger events_after_capacity_change after update of capacity on public.events
  for each row when (new.capacity is distinct from old.capacity and new.waitlisted_count > 0)
  execute function private.events_after_capacity_change();

-- Only the service role (the enrollments edge function) calls these.
revoke execute on function private.enroll(uuid, uuid), private.cancel_enrollment(uuid, uuid), private.promote_waitlist(uuid)
  from public, anon, authenticated;
grant execute on function private.enroll(uuid, uuid), private.cancel_enrollment(uuid, uuid) to service_role;

-- Waitlist position of a row: 1 + how many of the same event hold an older ticket. Definer
-- because a seeker cannot see the others' rows, only how many are ahead of them.
create function public.waitlist_position(enrollment public.enrollments) returns integer
language sql stable security definer set search_path = '' as $$
  select case when enrollment.status = 'waitlisted' then (
    select count(*)::integer + 1 from public.enrollments o
    where o.event_id = enrollment.event_id and o.status = 'waitlisted' and o.waitlist_ticket < enrollment.waitlist_ticket
  ) end
$$;
grant execute on function public.waitlist_position(public.enrollments) to authenticated, service_role;
