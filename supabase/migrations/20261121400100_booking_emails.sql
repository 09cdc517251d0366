-- Email: bookings confirmed (paid or free) and refunded (by the user, or automatically when a
-- late payment found no seat) enqueue in the same transaction; the dispatcher sees sessions too.

alter table public.email_outbox drop constraint email_outbox_subject_table_check;
alter table public.email_outbox add constraint email_outbox_subject_table_check
  check (subject_table in ('enrollments', 'events', 'bookings'));
comment on column public.email_outbox.subject_table is 'Table of the row the email is about (enrollments, events, bookings); with subject_id it names that row.';

-- Definer: reads the recipient's address from auth.users and writes the outbox.
create function private.bookings_after_write_email() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  address text;
  email_kind public.email_kind;
  previous public.booking_status := case when tg_op = 'UPDATE' then old.status end;
begin
  if previous is not distinct from new.status or new.status not in ('confirmed', 'refunded') then
    return null;
  end if;
  email_kind := case new.status when 'confirmed' then 'booking_confirmed' else 'booking_refunded' end;
  select u.email into address from auth.users u where u.id = new.user_id;
  if address is null or position('@' in address) < 2 then
    return null;
  end if;
  insert into public.email_outbox (kind, recipient_id, recipient_email, subject_table, subject_id, payload, dedupe_key)
  values (
    email_kind, new.user_id, address, 'bookings', new.id,
    jsonb_build_object(
      'amount_minor', new.amount_minor, 'currency', new.currency,
      -- A refund straight from pending means the payment came after the seat was gone.
      'reason', case when new.status = 'refunded' and previous in ('pending', 'expired') then 'no_seat' else 'cancelled' end
    ),
    email_kind || ':' || new.id
  )
  on conflict on constraint email_outbox_dedupe_key_key do nothing;
  return null;
end
$$;

create trigger bookings_after_write_email after insert or update of status on public.bookings
  for each row execute function private.bookings_after_write_email();

-- The claim now describes a booking's session the way it describes an event (sessions are held
-- in UTC; the session's ends_at follows from its duration).
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
