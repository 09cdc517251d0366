-- Email: the transactional outbox. Writes that should email insert a row here in their own
-- transaction; the email-dispatcher function claims due rows, sends them and marks the outcome.

-- A new kind is an `alter type ... add value` plus a template in
-- supabase/functions/_shared/email-templates/ and an entry in _shared/email.ts.
create type public.email_kind as enum (
  'enrollment_confirmed',
  'waitlisted',
  'waitlist_promoted',
  'enrollment_cancelled',
  'event_changed',
  'event_cancelled',
  'enrollment_follow_up',
  'event_reminder',
  'booking_confirmed',
  'booking_refunded'
);

create type public.email_status as enum ('pending', 'sending', 'sent', 'failed', 'dead');

create table public.email_outbox (
  id bigint generated always as identity primary key,
  kind public.email_kind not null,
  recipient_id uuid references public.profiles (id) on delete cascade,
  recipient_email text not null check (position('@' in recipient_email) > 1),
  subject_table text not null check (subject_table in ('enrollments', 'events', 'bookings')),
  subject_id uuid not null,
  event_id uuid references public.events (id) on delete cascade,
  payload jsonb not null default '{}'::jsonb,
  dedupe_key text not null unique,
  status public.email_status not null default 'pending',
  attempts integer not null default 0 check (attempts >= 0),
  max_attempts integer not null default 5 check (max_attempts > 0),
  next_attempt_at timestamptz not null default now(),
  last_error text,
  sent_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
alter table public.email_outbox enable row level security;

comment on table public.email_outbox is 'Transactional email outbox: one row per email to send, written in the same transaction as the change it reports. Dead rows need an admin''s attention.';
comment on column public.email_outbox.subject_table is 'Table of the row the email is about (enrollments, events, bookings); with subject_id it names that row.';
comment on column public.email_outbox.payload is 'Kind-specific facts frozen at enqueue time (e.g. the previous time of a changed event).';
comment on column public.email_outbox.dedupe_key is 'At most one email per key: kind + subject row (+ the transition''s time for repeatable transitions).';
comment on column public.email_outbox.next_attempt_at is 'When the row is due. While sending, the end of the dispatcher''s lease: an expired lease is claimed again.';
comment on column public.email_outbox.attempts is 'Claims so far; at max_attempts a failure makes the row dead.';

-- The claim scans due rows only; the subject index serves "drop the pending emails of this enrollment".
create index email_outbox_due_idx on public.email_outbox (next_attempt_at) where status in ('pending', 'failed', 'sending');
create index email_outbox_subject_idx on public.email_outbox (subject_id, status);
create index email_outbox_event_id_idx on public.email_outbox (event_id, kind) where status = 'pending';
create index email_outbox_recipient_id_idx on public.email_outbox (recipient_id);
create index email_outbox_status_idx on public.email_outbox (status);

-- Only the service role (the dispatcher) and triggers write; admins read, e.g. to find dead rows.
grant select on public.email_outbox to authenticated;
grant all on public.email_outbox to service_role;

create policy email_outbox_select_by_admins on public.email_outbox
  for select to authenticated using ((select private.is_admin()));

create trigger email_outbox_touch_updated_at before update on public.email_outbox
  for each row execute function private.touch_updated_at();

-- Claims up to batch_size due rows for one dispatcher. skip locked lets dispatchers run side by
-- side without waiting for or double-claiming each other; the lease (next_attempt_at) makes a
-- row whose dispatcher died claimable again, and a row out of attempts dead instead. A booking's
-- session is described like an event (sessions are held in UTC; ends_at follows from the duration).
create function public.claim_email_batch(batch_size integer default 20, lease interval default interval '5 minutes')
returns table (
  id bigint,
  kind public.email_kind,
  recipient_email text,
  recipient_name text,
  dedupe_key text,
  attempts integer,
  payload jsonb,
  event jsonb
)
language plpgsql set search_path = '' as $$
begin
  if batch_size is null or batch_size < 1 or batch_size > 500 then
    raise exception 'invalid_input: batch_size must be between 1 and 500' using errcode = '22023';
  end if;

  update public.email_outbox o
     set status = 'dead', last_error = coalesce(o.last_error, 'the dispatcher never reported back')
   where o.status = 'sending' and o.next_attempt_at <= now() and o.attempts >= o.max_attempts;

  return query
  with due as (
    select o.id from public.email_outbox o
     where o.status in ('pending', 'failed', 'sending') and o.next_attempt_at <= now()
     order by o.next_attempt_at, o.id
     limit batch_size
     for update skip locked
  ), claimed as (
    update public.email_outbox o
       set status = 'sending', attempts = o.attempts + 1, next_attempt_at = now() + lease
      from due
     where o.id = due.id
    returning o.*
  )
  select c.id, c.kind, c.recipient_email, p.display_name, c.dedupe_key, c.attempts, c.payload,
         case
           when e.id is not null then jsonb_build_object(
             'id', e.id, 'slug', e.slug, 'title', e.title, 'starts_at', e.starts_at, 'ends_at', e.ends_at,
             'timezone', e.timezone, 'location', e.location, 'online_url', e.online_url, 'status', e.status)
           when s.id is not null then jsonb_build_object(
             'id', s.id, 'slug', null, 'title', s.title, 'starts_at', s.starts_at, 'ends_at', s.ends_at,
             'timezone', 'UTC', 'location', coalesce(s.location, ''), 'online_url', s.online_url, 'status', null)
         end
    from claimed c
    left join public.profiles p on p.id = c.recipient_id
    left join public.events e on e.id = c.event_id
    left join public.bookings b on c.subject_table = 'bookings' and b.id = c.subject_id
    left join public.sessions s on s.id = b.session_id
   order by c.id;
end
$$;
comment on function public.claim_email_batch(integer, interval) is 'Dispatcher only: claims due outbox rows (for update skip locked) with what their templates need.';

create function public.mark_email_sent(email_id bigint) returns boolean
language plpgsql set search_path = '' as $$
begin
  update public.email_outbox
     set status = 'sent', sent_at = now(), last_error = null
   where id = email_id and status = 'sending';
  return found;
end
$$;

-- Exponential backoff: 1, 2, 4, 8 … minutes after each failed attempt, at most 6 hours; dead
-- once the row has had max_attempts tries.
create function public.mark_email_failed(email_id bigint, error text) returns public.email_status
language plpgsql set search_path = '' as $$
declare
  result public.email_status;
begin
  update public.email_outbox o
     set status = case when o.attempts >= o.max_attempts then 'dead' else 'failed' end::public.email_status,
         last_error = left(error, 2000),
         next_attempt_at = now() + least(interval '1 minute' * power(2, greatest(o.attempts - 1, 0)), interval '6 hours')
   where o.id = email_id and o.status = 'sending'
  returning o.status into result;
  return result;
end
$$;

revoke execute on function public.claim_email_batch(integer, interval), public.mark_email_sent(bigint),
  public.mark_email_failed(bigint, text) from public, anon, authenticated;
grant execute on function public.claim_email_batch(integer, interval), public.mark_email_sent(bigint),
  public.mark_email_failed(bigint, text) to service_role;
