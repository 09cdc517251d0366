-- Search after the online-link and cursor migrations (100000, 200400): 200400 rebuilt search from the
-- version before 100000, so the join link went back to everyone; this keeps cursors and gates the link.

-- 200300 re-created events.search and 200500 added sessions.timezone after 100000 replaced table-wide
-- SELECT with column grants: new columns need their own.
grant select (search) on public.events to anon, authenticated;
grant select (timezone) on public.sessions to anon, authenticated;

drop function public.search_events(text, text, text, timestamptz, timestamptz, uuid, text[], boolean, text,
  public.event_search_order, boolean, integer, integer, text);

create or replace function private.search_events_sql(
  viewer uuid,
  q text,
  location_contains text,
  language_code text,
  starts_after timestamptz,
  starts_before timestamptz,
  organizer uuid,
  with_tags text[],
  has_free_spots boolean,
  timeframe text,
  order_by public.event_search_order,
  ascending boolean,
  page_size integer,
  page integer,
  after text default null
) returns text
language plpgsql stable set search_path = '' as $$
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
    raise exception 'invalid_input: page_size must be between 1 and 100' using errcode = '22023';
  end if;
  if page is null or page < 1 or page > 10000 then
    raise exception 'invalid_input: page must be between 1 and 10000' using errcode = '22023';
  end if;
  if timeframe is null or timeframe not in ('upcoming', 'past', 'all') then
    raise exception 'invalid_input: timeframe must be upcoming, past or all' using errcode = '22023';
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
      raise exception 'invalid_input: after is a cursor of another ordering' using errcode = '22023';
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

create function public.search_events(
  q text default null,
  location_contains text default null,
  language_code text default null,
  starts_after timestamptz default null,
  starts_before timestamptz default null,
  organizer uuid default null,
  with_tags text[] default null,
  has_free_spots boolean default null,
  timeframe text default 'upcoming',
  order_by public.event_search_order default null,
  ascending boolean default true,
  page_size integer default 20,
  page integer default 1,
  after text default null
)
returns table (
  id uuid,
  slug text,
  title text,
  description text,
  language text,
  location text,
  online_url text,
  has_online_url boolean,
  starts_at timestamptz,
  ends_at timestamptz,
  timezone text,
  capacity integer,
  tags text[],
  status public.event_status,
  organizer_id uuid,
  organizer_name text,
  enrolled_count integer,
  waitlisted_count integer,
  available_spots integer,
  rank real,
  created_at timestamptz,
  cursor text
)
language plpgsql stable security definer set search_path = '' as $$
begin
  return query execute private.search_events_sql(
    (select auth.uid()), q, location_contains, language_code, starts_after, starts_before, organizer, with_tags,
    has_free_spots, timeframe, order_by, ascending, page_size, page, after
  );
end
$$;
comment on function public.search_events is 'Searches visible events with every product filter; results carry enrolled count, available spots, has_online_url (the link itself only for those who may join) and a cursor: pass the last row''s as `after` for the next page.';

revoke execute on function private.search_events_sql from public, anon, authenticated;
revoke execute on function public.search_events from public;
grant execute on function public.search_events to anon, authenticated, service_role;
