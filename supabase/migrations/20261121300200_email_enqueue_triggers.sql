-- Email: enqueue from the writes themselves. AFTER triggers on enrollments (status transitions)
-- and events (time/place change, cancellation) add outbox rows in the writer's transaction.

-- Adds one outbox row for an enrollment unless its dedupe key was used before. Definer: it reads
-- the recipient's address from auth.users and writes the outbox, which no client role may do.
create function private.enqueue_enrollment_email(
  en public.enrollments,
  email_kind public.email_kind,
  dedupe_key text,
  due_at timestamptz default now(),
  payload jsonb default '{}'::jsonb
) returns void
language plpgsql security definer set search_path = '' as $$
declare
  address text;
begin
  select u.email into address from auth.users u where u.id = en.user_id;
  if address is null or position('@' in address) < 2 then
    return; -- a user without an address (e.g. phone sign-up) gets no email
  end if;
  insert into public.email_outbox (kind, recipient_id, recipient_email, subject_table, subject_id, event_id, payload, dedupe_key, next_attempt_at)
  values (email_kind, en.user_id, address, 'enrollments', en.id, en.event_id, payload, dedupe_key, due_at)
  on conflict on constraint email_outbox_dedupe_key_key do nothing;
end
$$;

-- Keys of repeatable transitions carry the transition's time: re-enrolling after cancelling is a
-- new confirmation, while a retried or replayed transaction still maps to the same key.
-- A row written without its timestamp (e.g. by an admin in Studio) is stamped with the write's time.
create function private.stamp(at timestamptz) returns text
language sql stable set search_path = '' as $$
  select to_char(coalesce(at, now()) at time zone 'UTC', 'YYYYMMDD"T"HH24MISS.US"Z"')
$$;

create function private.enrollments_after_write_email() returns trigger
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
      payload => jsonb_build_object('waitlist_position', public.waitlist_position(new)));
  end if;
  return null;
end
$$;

create trigger enrollments_after_write_email after insert or update of status on public.enrollments
  for each row execute function private.enrollments_after_write_email();

-- One email per enrolled or waitlisted person when the event is cancelled or moves in time or
-- place; a move also re-times the pending reminders (UTC instants: no daylight-saving drift).
create function private.events_after_update_email() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  en public.enrollments;
  cancelled boolean := new.status = 'cancelled' and old.status <> 'cancelled';
begin
  if cancelled then
    delete from public.email_outbox o
     where o.event_id = new.id and o.status in ('pending', 'failed')
       and o.kind in ('enrollment_follow_up', 'event_reminder', 'event_changed');
  elsif new.starts_at is distinct from old.starts_at then
    update public.email_outbox o
       set next_attempt_at = new.starts_at - interval '1 hour'
     where o.event_id = new.id and o.kind = 'event_reminder' and o.status = 'pending';
  end if;

  for en in
    select * from public.enrollments where event_id = new.id and status in ('enrolled', 'waitlisted')
  loop
    if cancelled then
      perform private.enqueue_enrollment_email(en, 'event_cancelled', 'event_cancelled:' || en.id);
    else
      perform private.enqueue_enrollment_email(en, 'event_changed', 'event_changed:' || en.id || ':' || private.stamp(new.updated_at),
        payload => jsonb_build_object('previous', jsonb_build_object(
          'starts_at', old.starts_at, 'ends_at', old.ends_at, 'timezone', old.timezone,
          'location', old.location, 'online_url', old.online_url)));
    end if;
  end loop;
  return null;
end
$$;

create trigger events_after_update_email after update of starts_at, ends_at, timezone, location, online_url, status on public.events
  for each row
  when (
    (new.status = 'cancelled' and old.status <> 'cancelled')
    or (new.status in ('published', 'locked') and (
      new.starts_at is distinct from old.starts_at or new.ends_at is distinct from old.ends_at
      or new.timezone is distinct from old.timezone or new.location is distinct from old.location
      or new.online_url is distinct from old.online_url))
  )
  execute function private.events_after_update_email();

revoke execute on function private.enqueue_enrollment_email(public.enrollments, public.email_kind, text, timestamptz, jsonb),
  private.stamp(timestamptz), private.enrollments_after_write_email(), private.events_after_update_email()
  from public, anon, authenticated;
