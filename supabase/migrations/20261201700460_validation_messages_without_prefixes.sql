-- Validation errors stay plain 22023 (PostgREST: 400) but lose their "invalid_input: " prefixes: nothing
-- parses messages any more (refusals go through private.refuse). Bodies otherwise as before.

create or replace function private.search_events_sql(viewer uuid, q text, location_contains text, language_code text, starts_after timestamp with time zone, starts_before timestamp with time zone, organizer uuid, with_tags text[], has_free_spots boolean, timeframe text, order_by public.event_search_order, ascending boolean, page_size integer, page integer, after text default null::text)
returns text language plpgsql stable set search_path = '' as $$
declare
  query tsquery;
  conditions text[] := array[]::text[];
  ordering text;
  direction text := case when ascending then 'asc' else 'desc' end;
  rank_sql text := '0::real';
  effective_order public.event_search_order;
  order_direction text;
  key_exprs text[];
  key_types text[];
  key_dirs text[];
  key_nullable boolean[];
  cursor_values jsonb;
  disjuncts text[] := array[]::text[];
  equalities text[] := array[]::text[];
  step text;
  link_sql text := 'null::text';
begin
  if page_size is null or page_size < 1 or page_size > 100 then
    raise exception 'page_size must be between 1 and 100' using errcode = '22023';
  end if;
  if page is null or page < 1 or page > 10000 then
    raise exception 'page must be between 1 and 10000' using errcode = '22023';
  end if;
  if timeframe is null or timeframe not in ('upcoming', 'past', 'all') then
    raise exception 'timeframe must be upcoming, past or all' using errcode = '22023';
  end if;
  if nullif(btrim(q), '') is not null then
    query := websearch_to_tsquery('simple'::regconfig, private.fold(q));
    if query::text <> '' then
      conditions := conditions || format('e.search @@ %L::tsquery', query);
      rank_sql := format('ts_rank(e.search, %L::tsquery)', query);
    end if;
  end if;

  -- Visibility: the rule of the events select policies.
  conditions := conditions || case
    when viewer is null then 'e.status <> ''draft'''
    else format('(e.status <> ''draft'' or e.organizer_id = %L or exists (select 1 from public.event_members m where m.event_id = e.id and m.user_id = %L))', viewer, viewer)
  end;
  -- The join link only for those who may join (enrolled attendees, organizers); everyone sees has_online_url.
  if viewer is not null then
    link_sql := format('case when e.online_url is not null and private.may_join_event(e.id, %L) then e.online_url end', viewer);
  end if;
  if nullif(btrim(location_contains), '') is not null then
    conditions := conditions || format('private.fold(e.location) like %L',
      '%' || private.fold(replace(replace(replace(btrim(location_contains), '\', '\\'), '%', '\%'), '_', '\_')) || '%');
  end if;
  if language_code is not null then conditions := conditions || format('e.language = %L', language_code); end if;
  if starts_after is not null then conditions := conditions || format('e.starts_at >= %L', starts_after); end if;
  if starts_before is not null then conditions := conditions || format('e.starts_at < %L', starts_before); end if;
  if organizer is not null then conditions := conditions || format('e.organizer_id = %L', organizer); end if;
  if with_tags is not null and cardinality(with_tags) > 0 then conditions := conditions || format('e.tags @> %L', with_tags); end if;
  if has_free_spots then
    conditions := conditions || 'e.status in (''published'', ''locked'') and (e.capacity is null or e.enrolled_count < e.capacity)'::text;
  elsif has_free_spots = false then
    conditions := conditions || 'e.capacity is not null and e.enrolled_count >= e.capacity'::text;
  end if;
  if timeframe = 'upcoming' then conditions := conditions || 'e.starts_at >= now()'::text; end if;
  if timeframe = 'past' then conditions := conditions || 'e.starts_at < now()'::text; end if;

  -- Keyset ordering: each ordering is a list of keys ending in id, so ties have a stable order and a
  -- cursor (the last row's keys) says exactly where the next page starts, whatever is inserted.
  effective_order := coalesce(order_by, case when rank_sql <> '0::real' then 'relevance' else 'starts_at' end::public.event_search_order);
  if effective_order = 'relevance' then
    order_direction := case when ascending and order_by is not null then 'asc' else 'desc' end;
    key_exprs := array[rank_sql, 'e.starts_at', 'e.id'];
    key_types := array['real', 'timestamptz', 'uuid'];
    key_dirs := array[order_direction, 'asc', 'asc'];
    key_nullable := array[false, timeframe = 'all', false];
  else
    order_direction := direction;
    key_exprs := array[case effective_order when 'created_at' then 'e.created_at' when 'title' then 'lower(e.title)' else 'e.starts_at' end, 'e.id'];
    key_types := array[case effective_order when 'created_at' then 'timestamptz' when 'title' then 'text' else 'timestamptz' end, 'uuid'];
    key_dirs := array[direction, direction];
    key_nullable := array[effective_order = 'starts_at' and timeframe = 'all', false];
  end if;
  ordering := (select string_agg(format('%s %s%s', x, d, case when n then ' nulls last' else '' end), ', ')
                 from unnest(key_exprs, key_dirs, key_nullable) as k (x, d, n));

  if nullif(after, '') is not null then
    cursor_values := private.search_cursor_values(after);
    if cursor_values ->> 0 is distinct from effective_order::text or cursor_values ->> 1 is distinct from order_direction
       or jsonb_array_length(cursor_values) <> cardinality(key_exprs) + 2 then
      raise exception 'after is a cursor of another ordering' using errcode = '22023';
    end if;
    -- Rows after the cursor: (k1 > v1) or (k1 = v1 and k2 > v2) or … ("<" for descending keys;
    -- nulls sort last, so nothing follows a null key but the other nulls, ordered by the next key).
    for i in 1 .. cardinality(key_exprs) loop
      if cursor_values -> (i + 1) <> 'null'::jsonb then
        step := format('%s %s %L::%s', key_exprs[i], case key_dirs[i] when 'asc' then '>' else '<' end, cursor_values ->> (i + 1), key_types[i]);
        if key_nullable[i] then
          step := format('(%s or %s is null)', step, key_exprs[i]);
        end if;
        disjuncts := disjuncts || array_to_string(equalities || step, ' and ');
      end if;
      equalities := equalities || case when cursor_values -> (i + 1) = 'null'::jsonb then format('%s is null', key_exprs[i])
        else format('%s = %L::%s', key_exprs[i], cursor_values ->> (i + 1), key_types[i]) end;
    end loop;
    conditions := conditions || coalesce('(' || array_to_string(disjuncts, ') or (') || ')', 'false');
  end if;

  return format(
    'select e.id, e.slug, e.title, e.description, e.language, e.location, %s, e.has_online_url, e.starts_at, e.ends_at,
            e.timezone, e.capacity, e.tags, e.status, e.organizer_id, p.display_name, e.enrolled_count,
            e.waitlisted_count, case when e.capacity is null then null else greatest(e.capacity - e.enrolled_count, 0) end,
            %s as rank, e.created_at, private.search_cursor(jsonb_build_array(%L, %L, %s))
       from public.events e
       join public.profiles p on p.id = e.organizer_id
      where %s
      order by %s
      limit %s offset %s',
    link_sql, rank_sql, effective_order, order_direction, array_to_string(key_exprs, ', '), array_to_string(conditions, ' and '), ordering,
    page_size, case when nullif(after, '') is null then (page - 1) * page_size else 0 end
  );
end
$$;

create or replace function private.search_cursor_values(cursor text)
returns jsonb language plpgsql immutable set search_path = '' as $$
declare
  padded text := translate(cursor, '-_', '+/');
  keys jsonb;
begin
  padded := rpad(padded, ((length(padded) + 3) / 4) * 4, '=');
  keys := convert_from(decode(padded, 'base64'), 'UTF8')::jsonb;
  if jsonb_typeof(keys) <> 'array' then
    raise exception 'not an array';
  end if;
  return keys;
exception when others then
  raise exception 'after is not a search cursor' using errcode = '22023';
end
$$;

create or replace function private.prune_sent_emails(retention interval default '30 days'::interval, batch_size integer default 10000)
returns integer language plpgsql set search_path = '' as $$
declare
  pruned integer;
begin
  if retention is null or retention < interval '8 days' then
    raise exception 'keep sent emails at least 8 days (the follow-up window is 7)' using errcode = '22023';
  end if;
  if batch_size is null or batch_size < 1 or batch_size > 100000 then
    raise exception 'batch_size must be between 1 and 100000' using errcode = '22023';
  end if;
  delete from public.email_outbox o
   where o.id in (
     select s.id from public.email_outbox s
      where s.status = 'sent' and s.sent_at < now() - retention
      order by s.sent_at
      limit batch_size
   );
  get diagnostics pruned = row_count;
  return pruned;
end
$$;

create or replace function public.claim_email_batch(batch_size integer default 20, lease interval default '00:05:00'::interval)
returns table(id bigint, kind public.email_kind, recipient_id uuid, recipient_email text, recipient_name text, dedupe_key text, attempts integer, payload jsonb, event jsonb, category text) language plpgsql set search_path = '' as $$
begin
  if batch_size is null or batch_size < 1 or batch_size > 500 then
    raise exception 'batch_size must be between 1 and 500' using errcode = '22023';
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

create or replace function public.mark_email_batch(sent bigint[], failures jsonb default '[]'::jsonb)
returns table(id bigint, status public.email_status) language plpgsql set search_path = '' as $$
begin
  if failures is not null and jsonb_typeof(failures) <> 'array' then
    raise exception 'failures must be an array of {id, error}' using errcode = '22023';
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

create or replace function private.issue_ticket(subject_table text, subject uuid)
returns text language plpgsql security definer set search_path = '' as $$
declare
  ticket_id uuid := gen_random_uuid();
  payload text := 'gh1.' || replace(ticket_id::text, '-', '');
  new_code text := payload || '.' || private.ticket_signature(payload);
begin
  if subject_table = 'enrollments' then
    insert into public.tickets (id, code, user_id, enrollment_id, event_id)
    select ticket_id, new_code, en.user_id, en.id, en.event_id from public.enrollments en where en.id = subject
    on conflict (enrollment_id) do nothing;
    return (select t.code from public.tickets t where t.enrollment_id = subject);
  elsif subject_table = 'bookings' then
    insert into public.tickets (id, code, user_id, booking_id, session_id)
    select ticket_id, new_code, b.user_id, b.id, b.session_id from public.bookings b where b.id = subject
    on conflict (booking_id) do nothing;
    return (select t.code from public.tickets t where t.booking_id = subject);
  end if;
  raise exception 'unknown ticket subject table %', subject_table;
end
$$;
