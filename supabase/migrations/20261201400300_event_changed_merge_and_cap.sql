-- Email: organizers cannot turn event edits into a mail cannon. Change emails wait a few minutes and
-- merge per enrollment; at most two go out per attendee per event per day, later ones wait.

-- Replaces the function of 20261121300200: cancellation is unchanged. A time/place change
--  * merges into the enrollment's unsent change email if there is one (its `previous` stays what
--    the attendee last heard; the template reads the event's current time and place at send time);
--  * otherwise enqueues one, due after a 5-minute settle window so a burst of edits is one email;
--  * and once two change emails were queued for the enrollment in the last 24 hours, the new one
--    waits until the oldest of them is a day old (and every later change merges into it).
create or replace function private.events_after_update_email() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  en public.enrollments;
  cancelled boolean := new.status = 'cancelled' and old.status <> 'cancelled';
  recent integer;
  oldest timestamptz;
  due timestamptz;
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
      continue;
    end if;

    update public.email_outbox o
       set updated_at = now()
     where o.subject_table = 'enrollments' and o.subject_id = en.id and o.kind = 'event_changed'
       and o.status in ('pending', 'failed');
    if found then
      continue;
    end if;

    select count(*), min(o.created_at) into recent, oldest
      from public.email_outbox o
     where o.subject_table = 'enrollments' and o.subject_id = en.id and o.kind = 'event_changed'
       and o.created_at > now() - interval '1 day';
    due := now() + interval '5 minutes';
    if recent >= 2 then
      due := greatest(due, oldest + interval '1 day');
    end if;

    -- The clock, not updated_at (the transaction's start): two changes in one transaction after a
    -- sent email are two keys; merging, not the key, is what keeps one unsent email per enrollment.
    perform private.enqueue_enrollment_email(en, 'event_changed', 'event_changed:' || en.id || ':' || private.stamp(clock_timestamp()),
      due_at => due,
      payload => jsonb_build_object('previous', jsonb_build_object(
        'starts_at', old.starts_at, 'ends_at', old.ends_at, 'timezone', old.timezone,
        'location', old.location, 'online_url', old.online_url)));
  end loop;
  return null;
end
$$;

-- The merge and cap look up an enrollment's change emails.
create index email_outbox_subject_kind_idx on public.email_outbox (subject_id, kind, created_at);

revoke execute on function private.events_after_update_email() from public, anon, authenticated;
