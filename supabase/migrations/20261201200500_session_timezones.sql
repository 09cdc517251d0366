-- Paid sessions get an IANA timezone like events (existing rows: UTC, what their emails showed so
-- far); the outbox describes a booking's session in its own zone, with its id for the .ics link.

alter table public.sessions
  add column timezone text not null default 'UTC' constraint sessions_timezone_valid check (private.is_valid_timezone(timezone));
comment on column public.sessions.timezone is 'IANA zone the session is held in; starts_at is a UTC instant. Emails and calendars show wall time here.';

grant insert (timezone), update (timezone) on public.sessions to authenticated;

create or replace function public.claim_email_batch(batch_size integer default 20, lease interval default interval '5 minutes')
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
             'timezone', s.timezone, 'location', coalesce(s.location, ''), 'online_url', s.online_url, 'status', null,
             'session_id', s.id)
         end
    from claimed c
    left join public.profiles p on p.id = c.recipient_id
    left join public.events e on e.id = c.event_id
    left join public.bookings b on c.subject_table = 'bookings' and b.id = c.subject_id
    left join public.sessions s on s.id = b.session_id
   order by c.id;
end
$$;
