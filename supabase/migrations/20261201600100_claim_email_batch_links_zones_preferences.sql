-- The outbox claim with all three changes of 2026-12-01 (100000: join links only for recipients who
-- may join; 200500: sessions in their own timezone with their id; 400200: preferences and skipped rows).

create or replace function public.claim_email_batch(batch_size integer default 20, lease interval default interval '5 minutes')
returns table (
  id bigint,
  kind public.email_kind,
  recipient_id uuid,
  recipient_email text,
  recipient_name text,
  dedupe_key text,
  attempts integer,
  payload jsonb,
  event jsonb,
  category text
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
    select o.id, private.wants_email(o.recipient_id, o.kind) as wanted
      from public.email_outbox o
     where o.status in ('pending', 'failed', 'sending') and o.next_attempt_at <= now()
     order by o.next_attempt_at, o.id
     limit batch_size
     for update skip locked
  ), skipped as (
    update public.email_outbox o
       set status = 'skipped', last_error = 'the recipient turned off ' || private.email_category(o.kind) || ' emails'
      from due
     where o.id = due.id and not due.wanted
  ), claimed as (
    update public.email_outbox o
       set status = 'sending', attempts = o.attempts + 1, next_attempt_at = now() + lease
      from due
     where o.id = due.id and due.wanted
    returning o.*
  ), described as (
    select c.*,
           case
             when e.id is not null then private.may_join_event(e.id, c.recipient_id)
             when s.id is not null then b.status = 'confirmed' and b.user_id = c.recipient_id
             else false
           end as may_join,
           e.id as e_id, e.slug as e_slug, e.title as e_title, e.starts_at as e_starts_at, e.ends_at as e_ends_at,
           e.timezone as e_timezone, e.location as e_location, e.online_url as e_online_url, e.status as e_status,
           s.id as s_id, s.title as s_title, s.starts_at as s_starts_at, s.ends_at as s_ends_at, s.timezone as s_timezone,
           s.location as s_location, s.online_url as s_online_url
      from claimed c
      left join public.events e on e.id = c.event_id
      left join public.bookings b on c.subject_table = 'bookings' and b.id = c.subject_id
      left join public.sessions s on s.id = b.session_id
  )
  select d.id, d.kind, d.recipient_id, d.recipient_email, p.display_name, d.dedupe_key, d.attempts,
         case when d.may_join then d.payload else d.payload #- '{previous,online_url}' end,
         case
           when d.e_id is not null then jsonb_build_object(
             'id', d.e_id, 'slug', d.e_slug, 'title', d.e_title, 'starts_at', d.e_starts_at, 'ends_at', d.e_ends_at,
             'timezone', d.e_timezone, 'location', d.e_location, 'online_url', case when d.may_join then d.e_online_url end,
             'status', d.e_status)
           when d.s_id is not null then jsonb_build_object(
             'id', d.s_id, 'slug', null, 'title', d.s_title, 'starts_at', d.s_starts_at, 'ends_at', d.s_ends_at,
             'timezone', d.s_timezone, 'location', coalesce(d.s_location, ''),
             'online_url', case when d.may_join then d.s_online_url end, 'status', null, 'session_id', d.s_id)
         end,
         private.email_category(d.kind)
    from described d
    left join public.profiles p on p.id = d.recipient_id
   order by d.id;
end
$$;
comment on function public.claim_email_batch(integer, interval) is 'Dispatcher only: claims due outbox rows (for update skip locked) with what their templates need (join links only for recipients who may join); rows whose recipient opted out of their category become skipped.';
