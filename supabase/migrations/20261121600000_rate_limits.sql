-- Rate limiting for REST writes: a PostgREST pre-request function counts writes per user (per client
-- IP for anon) in fixed windows and answers 429 with Retry-After; admins tune the limits in one table.

create table public.rate_limits (
  subject text primary key check (subject = 'default' or subject ~ '^(role|user|ip):.+$'),
  max_writes integer not null check (max_writes > 0),
  window_seconds integer not null check (window_seconds between 1 and 3600),
  note text not null default '',
  updated_at timestamptz not null default now()
);
alter table public.rate_limits enable row level security;

comment on table public.rate_limits is
  'Write limits for the REST API, checked by private.check_rate_limit() before every request. The most specific row wins: user:<uuid>, ip:<address>, role:<anon|seeker|facilitator|creator|admin>, then default. Reads are never limited.';
comment on column public.rate_limits.subject is 'default, role:<role>, user:<uuid> or ip:<address>.';
comment on column public.rate_limits.max_writes is 'Writes (POST/PUT/PATCH/DELETE, volatile RPCs) allowed per window.';

grant select, update (max_writes, window_seconds, note) on public.rate_limits to authenticated;
grant all on public.rate_limits to service_role;

create policy rate_limits_select_by_admins on public.rate_limits
  for select to authenticated using ((select private.is_admin()));

create policy rate_limits_update_by_admins on public.rate_limits
  for update to authenticated
  using ((select private.is_admin()))
  with check ((select private.is_admin()));

create trigger rate_limits_touch_updated_at before update on public.rate_limits
  for each row execute function private.touch_updated_at();

-- Generous by default: a person clicking through an app never meets it; a script looping does.
insert into public.rate_limits (subject, max_writes, window_seconds, note)
values ('default', 600, 60, 'Every user (or anonymous client IP) without a more specific row.');

-- Unlogged: counters are worthless after a crash and must cost no WAL.
create unlogged table private.rate_limit_counters (
  subject text not null,
  window_start timestamptz not null,
  hits integer not null default 1,
  primary key (subject, window_start)
);
comment on table private.rate_limit_counters is 'Hits per subject and fixed window; old windows are removed by pg_cron.';

-- The pre-request hook. Definer: it runs as the caller's API role, which must not see counters.
create function private.check_rate_limit() returns void
language plpgsql security definer set search_path = '' as $$
declare
  claims jsonb := coalesce(nullif(current_setting('request.jwt.claims', true), ''), '{}')::jsonb;
  headers jsonb := coalesce(nullif(current_setting('request.headers', true), ''), '{}')::jsonb;
  api_role text := coalesce(claims ->> 'role', 'anon');
  user_role text := coalesce(claims ->> 'user_role', api_role);
  forwarded text[];
  client_ip text;
  counter_subject text;
  limit_row public.rate_limits;
  window_begins timestamptz;
  current_hits integer;
  retry_after integer;
begin
  -- PostgREST runs reads (GET/HEAD, stable RPCs) read-only: reads stay unlimited.
  if current_setting('transaction_read_only') = 'on' then
    return;
  end if;
  -- Our own servers (edge functions acting beyond a user) are not throttled.
  if api_role = 'service_role' then
    return;
  end if;
  -- Our gateway appends the peer address (http-proxy xfwd); the last entry is the one a client
  -- cannot forge, earlier ones are whatever the client sent.
  forwarded := regexp_split_to_array(coalesce(headers ->> 'x-forwarded-for', ''), '\s*,\s*');
  client_ip := coalesce(nullif(btrim(forwarded[array_length(forwarded, 1)]), ''), 'unknown');
  counter_subject := case when claims ->> 'sub' is not null then 'user:' || (claims ->> 'sub') else 'ip:' || client_ip end;

  select * into limit_row from public.rate_limits r
  where r.subject in (counter_subject, 'role:' || user_role, 'default')
  order by case when r.subject = counter_subject then 0 when r.subject = 'default' then 2 else 1 end
  limit 1;
  if not found then
    return;
  end if;

  window_begins := to_timestamp(floor(extract(epoch from now()) / limit_row.window_seconds) * limit_row.window_seconds);
  insert into private.rate_limit_counters as c (subject, window_start)
  values (counter_subject, window_begins)
  on conflict (subject, window_start) do update set hits = c.hits + 1
  returning c.hits into current_hits;

  if current_hits > limit_row.max_writes then
    retry_after := greatest(1, ceil(extract(epoch from window_begins + make_interval(secs => limit_row.window_seconds) - now()))::integer);
    -- SQLSTATE PGRST: PostgREST takes the body from the message and status + headers from detail.
    raise sqlstate 'PGRST' using
      message = json_build_object(
        'code', 'rate_limited',
        'message', format('Too many write requests: at most %s per %s s. Retry in %s s.', limit_row.max_writes, limit_row.window_seconds, retry_after),
        'details', format('subject %s, limit %s writes per %s s, retry after %s s', counter_subject, limit_row.max_writes, limit_row.window_seconds, retry_after),
        'hint', 'Wait for the number of seconds in the Retry-After header, then try again.'
      )::text,
      detail = json_build_object('status', 429, 'headers', json_build_object('Retry-After', retry_after::text))::text;
  end if;
end
$$;
comment on function private.check_rate_limit() is 'PostgREST db-pre-request hook: counts writes per subject and raises 429 over the limit.';

revoke execute on function private.check_rate_limit() from public;
grant execute on function private.check_rate_limit() to anon, authenticated, service_role;

create function private.prune_rate_limit_counters() returns void
language sql security definer set search_path = '' as $$
  delete from private.rate_limit_counters where window_start < now() - interval '1 hour'
$$;
revoke execute on function private.prune_rate_limit_counters() from public;

create extension if not exists pg_cron with schema pg_catalog;

do $$
begin
  if exists (select 1 from cron.job where jobname = 'prune-rate-limit-counters') then
    perform cron.unschedule('prune-rate-limit-counters');
  end if;
  perform cron.schedule('prune-rate-limit-counters', '*/10 * * * *', 'select private.prune_rate_limit_counters()');
end
$$;

-- Hosted Supabase configures PostgREST through the authenticator role's settings; the local stack
-- sets PGRST_DB_PRE_REQUEST too (stack/lib/stack.ts).
alter role authenticator set pgrst.db_pre_request = 'private.check_rate_limit';
notify pgrst, 'reload config';
