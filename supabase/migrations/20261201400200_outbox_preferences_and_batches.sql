-- Email: the claim honours preferences at send time (rows the recipient no longer wants end
-- `skipped`) and tells the dispatcher each row's category; one RPC marks a whole batch.

grant execute on function private.email_category(public.email_kind), private.wants_email(uuid, public.email_kind) to service_role;

-- The return type grows (recipient_id for unsubscribe links, category), so drop and recreate.
drop function public.claim_email_batch(integer, interval);

-- As before (skip locked, lease, dead after max_attempts), plus: a due row whose recipient turned
-- its category off since it was queued is marked `skipped` (kept, never retried) instead of claimed.
create function public.claim_email_batch(batch_size integer default 20, lease interval default interval '5 minutes')
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
  )
  select c.id, c.kind, c.recipient_id, c.recipient_email, p.display_name, c.dedupe_key, c.attempts, c.payload,
         case
           when e.id is not null then jsonb_build_object(
             'id', e.id, 'slug', e.slug, 'title', e.title, 'starts_at', e.starts_at, 'ends_at', e.ends_at,
             'timezone', e.timezone, 'location', e.location, 'online_url', e.online_url, 'status', e.status)
           when s.id is not null then jsonb_build_object(
             'id', s.id, 'slug', null, 'title', s.title, 'starts_at', s.starts_at, 'ends_at', s.ends_at,
             'timezone', 'UTC', 'location', coalesce(s.location, ''), 'online_url', s.online_url, 'status', null)
         end,
         private.email_category(c.kind)
    from claimed c
    left join public.profiles p on p.id = c.recipient_id
    left join public.events e on e.id = c.event_id
    left join public.bookings b on c.subject_table = 'bookings' and b.id = c.subject_id
    left join public.sessions s on s.id = b.session_id
   order by c.id;
end
$$;
comment on function public.claim_email_batch(integer, interval) is 'Dispatcher only: claims due outbox rows (for update skip locked) with what their templates need; rows whose recipient opted out of their category become skipped.';

-- One round trip per batch: sent ids become sent, failures (objects {id, error}) back off like
-- mark_email_failed (1, 2, 4 … minutes, dead at max_attempts). Only rows still `sending` change,
-- so a report for a row another dispatcher re-claimed after a lost lease changes nothing twice.
create function public.mark_email_batch(sent bigint[], failures jsonb default '[]'::jsonb)
returns table (id bigint, status public.email_status)
language plpgsql set search_path = '' as $$
begin
  if failures is not null and jsonb_typeof(failures) <> 'array' then
    raise exception 'invalid_input: failures must be an array of {id, error}' using errcode = '22023';
  end if;
  return query
  with outcome as (
    select distinct on (x.id) x.id, x.error
      from (
        select s.id, null::text as error from unnest(coalesce(sent, '{}'::bigint[])) s(id)
        union all
        select (f ->> 'id')::bigint, coalesce(f ->> 'error', 'unknown error')
          from jsonb_array_elements(coalesce(failures, '[]'::jsonb)) f
      ) x
     order by x.id, x.error nulls first
  )
  update public.email_outbox o
     set status = case
                    when x.error is null then 'sent'
                    when o.attempts >= o.max_attempts then 'dead'
                    else 'failed'
                  end::public.email_status,
         sent_at = case when x.error is null then now() else o.sent_at end,
         last_error = case when x.error is null then null else left(x.error, 2000) end,
         next_attempt_at = case
                             when x.error is null then o.next_attempt_at
                             else now() + least(interval '1 minute' * power(2, greatest(o.attempts - 1, 0)), interval '6 hours')
                           end
    from outcome x
   where o.id = x.id and o.status = 'sending'
  returning o.id, o.status;
end
$$;
comment on function public.mark_email_batch(bigint[], jsonb) is 'Dispatcher only: marks a batch sent / failed (backoff) / dead in one call.';

revoke execute on function public.claim_email_batch(integer, interval), public.mark_email_batch(bigint[], jsonb)
  from public, anon, authenticated;
grant execute on function public.claim_email_batch(integer, interval), public.mark_email_batch(bigint[], jsonb) to service_role;
