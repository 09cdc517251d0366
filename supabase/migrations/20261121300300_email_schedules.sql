-- Email: pg_cron jobs. Every 5 minutes enqueue follow-ups (1 h after enrolling) and reminders
-- (1 h before start); where pg_net exists (hosted Supabase) also call the dispatcher every minute.

-- pg_catalog, as the Supabase dashboard installs it (the objects live in schema cron either way).
create extension if not exists pg_cron with schema pg_catalog;

-- Idempotent by dedupe key: a late run, a repeated run or two overlapping runs enqueue each
-- follow-up and reminder once. Due times are UTC instants (starts_at - 1 hour), so the event's
-- timezone and its daylight-saving changes cannot shift or double them. as_of exists for tests
-- and backfills; the cron job uses now().
create function private.enqueue_scheduled_emails(as_of timestamptz default now()) returns integer
language plpgsql set search_path = '' as $$
declare
  follow_ups integer := 0;
  reminders integer := 0;
begin
  -- A follow-up only while the event is still ahead; the 7-day floor keeps each run's scan short
  -- and bounds what a cron outage can release at once.
  insert into public.email_outbox (kind, recipient_id, recipient_email, subject_table, subject_id, event_id, dedupe_key, next_attempt_at)
  select 'enrollment_follow_up', en.user_id, u.email, 'enrollments', en.id, en.event_id,
         'enrollment_follow_up:' || en.id, en.enrolled_at + interval '1 hour'
    from public.enrollments en
    join public.events e on e.id = en.event_id
    join auth.users u on u.id = en.user_id
   where en.status = 'enrolled'
     and en.enrolled_at <= as_of - interval '1 hour'
     and en.enrolled_at > as_of - interval '7 days'
     and e.status in ('published', 'locked')
     and e.starts_at > as_of
     and position('@' in coalesce(u.email, '')) > 1
  on conflict on constraint email_outbox_dedupe_key_key do nothing;
  get diagnostics follow_ups = row_count;

  insert into public.email_outbox (kind, recipient_id, recipient_email, subject_table, subject_id, event_id, dedupe_key, next_attempt_at)
  select 'event_reminder', en.user_id, u.email, 'enrollments', en.id, en.event_id,
         'event_reminder:' || en.id, e.starts_at - interval '1 hour'
    from public.events e
    join public.enrollments en on en.event_id = e.id and en.status = 'enrolled'
    join auth.users u on u.id = en.user_id
   where e.status in ('published', 'locked')
     and e.starts_at > as_of
     and e.starts_at <= as_of + interval '1 hour'
     and position('@' in coalesce(u.email, '')) > 1
  on conflict on constraint email_outbox_dedupe_key_key do nothing;
  get diagnostics reminders = row_count;

  return follow_ups + reminders;
end
$$;
comment on function private.enqueue_scheduled_emails(timestamptz) is 'pg_cron job email-enqueue-scheduled: enqueues due follow-ups and reminders once each.';

create index enrollments_enrolled_at_idx on public.enrollments (enrolled_at) where status = 'enrolled';

-- Hosted Supabase: pg_cron asks the dispatcher over HTTP (pg_net) when something is due. The
-- project URL and service role key come from Vault secrets named project_url and service_role_key.
create function private.request_email_dispatch() returns bigint
language plpgsql set search_path = '' as $$
declare
  project_url text;
  service_key text;
begin
  if not exists (
    select 1 from public.email_outbox
     where status in ('pending', 'failed', 'sending') and next_attempt_at <= now()
  ) then
    return null;
  end if;
  select decrypted_secret into project_url from vault.decrypted_secrets where name = 'project_url';
  select decrypted_secret into service_key from vault.decrypted_secrets where name = 'service_role_key';
  if project_url is null or service_key is null then
    raise warning 'email dispatch: set the Vault secrets project_url and service_role_key';
    return null;
  end if;
  return net.http_post(
    url := project_url || '/functions/v1/email-dispatcher',
    headers := jsonb_build_object('content-type', 'application/json', 'authorization', 'Bearer ' || service_key),
    body := '{}'::jsonb,
    timeout_milliseconds := 60000
  );
end
$$;

revoke execute on function private.enqueue_scheduled_emails(timestamptz), private.request_email_dispatch()
  from public, anon, authenticated;

-- cron.schedule with a job name updates the job when it exists: re-running this is harmless.
select cron.schedule('email-enqueue-scheduled', '*/5 * * * *', 'select private.enqueue_scheduled_emails()');

-- Where pg_net is missing (the Docker-free stack) the stack's runner calls the dispatcher instead.
do $$
begin
  if exists (select 1 from pg_available_extensions where name = 'pg_net') then
    create extension if not exists pg_net with schema extensions;
    perform cron.schedule('email-dispatch', '* * * * *', 'select private.request_email_dispatch()');
  end if;
end
$$;
