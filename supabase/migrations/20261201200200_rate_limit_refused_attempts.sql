-- Rate limits count what a rollback cannot undo: refused REST writes (sequences, non-transactional),
-- rows of batch inserts (weighted), and edge-function writes (counted in their own transaction).

-- Attempt counters that survive the request's rollback. PostgREST 12 runs the pre-request function
-- inside the request's transaction, so a refused write (RLS 403, constraint 409…) undoes any row it
-- counted; dblink/pg_background are not available on hosted Supabase and postgres_fdw commits with
-- the local transaction. nextval/setval are the one thing in plain Postgres a rollback never undoes.
-- A fixed pool of sequences is an open-addressed hash table: each slot packs
-- (subject tag: 20 bits, window end in epoch seconds mod 2^22: 22 bits, count: 21 bits).
do $$
begin
  for i in 0 .. 255 loop
    execute format('create sequence private.rate_limit_slot_%s minvalue 1 start 1', i);
  end loop;
end
$$;

create function private.rate_limit_slot(n integer) returns regclass
language sql immutable parallel safe set search_path = '' as $$
  select format('private.rate_limit_slot_%s', n)::regclass
$$;

-- Counts one attempt of the subject in the window ending at window_end and returns the attempts so
-- far (0 when the 8 probed slots are all taken by other subjects this window: then only committed
-- writes count for it). Costs at most 8 sequence reads and one nextval/setval.
create function private.count_rate_limit_attempt(subject text, window_end timestamptz) returns integer
language plpgsql security definer set search_path = '' as $$
declare
  slots constant integer := 256;
  tag bigint := (pg_catalog.hashtextextended(subject, 0) & 1048574) + 1; -- 1 … 2^20-1; 0 is a free slot
  window_key bigint := extract(epoch from window_end)::bigint & 4194303;
  now_key bigint := extract(epoch from now())::bigint & 4194303;
  first_slot integer := ((pg_catalog.hashtextextended(subject, 1) & 2147483647) % slots)::integer;
  packed bigint[] := '{}';
  slot_tag bigint;
  slot_window bigint;
begin
  -- First this subject's own slot for this window, wherever it is among the probes …
  for probe in 0 .. 7 loop
    packed[probe] := coalesce(pg_catalog.pg_sequence_last_value(private.rate_limit_slot((first_slot + probe) % slots)), 0);
    if packed[probe] >> 43 = tag and (packed[probe] >> 21) & 4194303 = window_key then
      return (pg_catalog.nextval(private.rate_limit_slot((first_slot + probe) % slots)) & 2097151)::integer;
    end if;
  end loop;
  -- … else the first free slot, its own previous window, or another subject's window that has ended.
  for probe in 0 .. 7 loop
    slot_tag := packed[probe] >> 43;
    slot_window := (packed[probe] >> 21) & 4194303;
    if slot_tag = 0 or slot_tag = tag or ((now_key - slot_window) & 4194303) < 2097152 then
      perform pg_catalog.setval(private.rate_limit_slot((first_slot + probe) % slots), (tag << 43) | (window_key << 21) | 1);
      return 1;
    end if;
  end loop;
  return 0;
end
$$;
comment on function private.count_rate_limit_attempt(text, timestamptz) is
  'Counts a write attempt in a sequence slot, so it survives the rollback of a refused write.';

-- Who is writing, from PostgREST's request settings: user:<uuid>, or ip:<last X-Forwarded-For entry>.
create function private.rate_limit_caller(out subject text, out user_role text, out exempt boolean)
language plpgsql stable security definer set search_path = '' as $$
declare
  claims jsonb := coalesce(nullif(current_setting('request.jwt.claims', true), ''), '{}')::jsonb;
  headers jsonb := coalesce(nullif(current_setting('request.headers', true), ''), '{}')::jsonb;
  api_role text := coalesce(claims ->> 'role', 'anon');
  forwarded text[];
begin
  user_role := coalesce(claims ->> 'user_role', api_role);
  -- Our own servers (edge functions acting beyond a user) are not throttled.
  exempt := api_role = 'service_role';
  -- Our gateway appends the peer address (http-proxy xfwd); the last entry is the one a client
  -- cannot forge, earlier ones are whatever the client sent.
  forwarded := regexp_split_to_array(coalesce(headers ->> 'x-forwarded-for', ''), '\s*,\s*');
  subject := case
    when claims ->> 'sub' is not null then 'user:' || (claims ->> 'sub')
    else 'ip:' || coalesce(nullif(btrim(forwarded[array_length(forwarded, 1)]), ''), 'unknown')
  end;
end
$$;

-- One hit of `weight` writes: the committed counter, and (for a request's first hit) the attempt
-- counter; the larger of the two decides. retry_after is null while under the limit.
create function private.rate_limit_hit(subject text, user_role text, weight integer, count_attempt boolean,
  out max_writes integer, out window_seconds integer, out retry_after integer)
language plpgsql security definer set search_path = '' as $$
declare
  limit_row public.rate_limits;
  window_begins timestamptz;
  committed_hits integer;
  attempts integer := 0;
begin
  select * into limit_row from public.rate_limits r
  where r.subject in (rate_limit_hit.subject, 'role:' || rate_limit_hit.user_role, 'default')
  order by case when r.subject = rate_limit_hit.subject then 0 when r.subject = 'default' then 2 else 1 end
  limit 1;
  if not found then
    return;
  end if;
  max_writes := limit_row.max_writes;
  window_seconds := limit_row.window_seconds;
  window_begins := to_timestamp(floor(extract(epoch from now()) / window_seconds) * window_seconds);

  insert into private.rate_limit_counters as c (subject, window_start, hits)
  values (rate_limit_hit.subject, window_begins, weight)
  on conflict on constraint rate_limit_counters_pkey do update set hits = c.hits + weight
  returning c.hits into committed_hits;
  if count_attempt then
    attempts := private.count_rate_limit_attempt(rate_limit_hit.subject, window_begins + make_interval(secs => window_seconds));
  end if;

  if greatest(committed_hits, attempts) > max_writes then
    retry_after := greatest(1, ceil(extract(epoch from window_begins + make_interval(secs => window_seconds) - now()))::integer);
  end if;
end
$$;

create function private.raise_rate_limited(subject text, max_writes integer, window_seconds integer, retry_after integer)
returns void language plpgsql set search_path = '' as $$
begin
  -- SQLSTATE PGRST: PostgREST takes the body from the message and status + headers from detail.
  raise sqlstate 'PGRST' using
    message = json_build_object(
      'code', 'rate_limited',
      'message', format('Too many write requests: at most %s per %s s. Retry in %s s.', max_writes, window_seconds, retry_after),
      'details', format('subject %s, limit %s writes per %s s, retry after %s s', subject, max_writes, window_seconds, retry_after),
      'hint', 'Wait for the number of seconds in the Retry-After header, then try again.'
    )::text,
    detail = json_build_object('status', 429, 'headers', json_build_object('Retry-After', retry_after::text))::text;
end
$$;

-- The pre-request hook, now counting attempts that roll back too.
create or replace function private.check_rate_limit() returns void
language plpgsql security definer set search_path = '' as $$
declare
  caller record;
  hit record;
begin
  -- PostgREST runs reads (GET/HEAD, stable RPCs) read-only: reads stay unlimited.
  if current_setting('transaction_read_only') = 'on' then
    return;
  end if;
  select * into caller from private.rate_limit_caller();
  if caller.exempt then
    return;
  end if;
  select * into hit from private.rate_limit_hit(caller.subject, caller.user_role, 1, true);
  if hit.retry_after is not null then
    perform private.raise_rate_limited(caller.subject, hit.max_writes, hit.window_seconds, hit.retry_after);
  end if;
end
$$;

-- Batch inserts: a POST of n rows weighs n writes (the pre-request counted the first).
create function private.rate_limit_inserted_rows() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  inserted integer;
  caller record;
  hit record;
begin
  if coalesce(current_setting('request.method', true), '') = '' then
    return null; -- not an API request: migrations, seeds, SQL functions called by our servers
  end if;
  select count(*) into inserted from new_rows;
  if inserted <= 1 then
    return null;
  end if;
  select * into caller from private.rate_limit_caller();
  if caller.exempt then
    return null;
  end if;
  select * into hit from private.rate_limit_hit(caller.subject, caller.user_role, inserted - 1, false);
  if hit.retry_after is not null then
    perform private.raise_rate_limited(caller.subject, hit.max_writes, hit.window_seconds, hit.retry_after);
  end if;
  return null;
end
$$;

-- Every table clients may insert into today; 42_rate_limit_coverage.test.sql fails on a new one without it.
do $$
declare
  t regclass;
begin
  for t in
    select c.oid::regclass from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'r'
      and (has_any_column_privilege('authenticated', c.oid, 'INSERT') or has_any_column_privilege('anon', c.oid, 'INSERT'))
  loop
    execute format('create trigger rate_limit_inserted_rows after insert on %s referencing new table as new_rows
                    for each statement execute function private.rate_limit_inserted_rows()', t);
  end loop;
end
$$;

-- Edge functions that write on a user's behalf count here, in their own committed transaction
-- (before the write, so refused writes count too): the same table, subjects and 429.
create function private.consume_rate_limit(subject text, user_role text, weight integer default 1) returns jsonb
language plpgsql security definer set search_path = '' as $$
declare
  hit record;
begin
  select * into hit from private.rate_limit_hit(subject, coalesce(user_role, 'authenticated'), weight, false);
  if hit.retry_after is null then
    return jsonb_build_object('limited', false);
  end if;
  return jsonb_build_object(
    'limited', true,
    'retry_after', hit.retry_after,
    'message', format('Too many write requests: at most %s per %s s. Retry in %s s.', hit.max_writes, hit.window_seconds, hit.retry_after),
    'details', jsonb_build_object('subject', subject, 'max_writes', hit.max_writes, 'window_seconds', hit.window_seconds, 'retry_after', hit.retry_after)
  );
end
$$;
comment on function private.consume_rate_limit(text, text, integer) is
  'Called by edge functions before a write on a user''s behalf: counts it and says whether to answer 429.';

-- Admins (as owner or service role) unblock a subject; the prune job frees slots of ended windows.
create function private.forget_rate_limit_attempts(subject text) returns void
language plpgsql security definer set search_path = '' as $$
declare
  tag bigint := (pg_catalog.hashtextextended(subject, 0) & 1048574) + 1;
begin
  for n in 0 .. 255 loop
    if coalesce(pg_catalog.pg_sequence_last_value(private.rate_limit_slot(n)), 0) >> 43 = tag then
      perform pg_catalog.setval(private.rate_limit_slot(n), 1, false);
    end if;
  end loop;
  delete from private.rate_limit_counters c where c.subject = forget_rate_limit_attempts.subject;
end
$$;

create or replace function private.prune_rate_limit_counters() returns void
language plpgsql security definer set search_path = '' as $$
declare
  now_key bigint := extract(epoch from now())::bigint & 4194303;
  packed bigint;
begin
  delete from private.rate_limit_counters where window_start < now() - interval '1 hour';
  for n in 0 .. 255 loop
    packed := coalesce(pg_catalog.pg_sequence_last_value(private.rate_limit_slot(n)), 0);
    if packed >> 43 <> 0 and ((now_key - ((packed >> 21) & 4194303)) & 4194303) between 1 and 2097151 then
      perform pg_catalog.setval(private.rate_limit_slot(n), 1, false);
    end if;
  end loop;
end
$$;

revoke execute on function private.rate_limit_slot(integer), private.count_rate_limit_attempt(text, timestamptz),
  private.rate_limit_caller(), private.rate_limit_hit(text, text, integer, boolean),
  private.raise_rate_limited(text, integer, integer, integer), private.rate_limit_inserted_rows(),
  private.consume_rate_limit(text, text, integer), private.forget_rate_limit_attempts(text) from public;
-- The hooks are definers: the API roles reach none of these directly.
grant execute on function private.consume_rate_limit(text, text, integer), private.forget_rate_limit_attempts(text) to service_role;
