-- Search ignores accents as well as case: "cafe" finds "Café", location "zurich" finds "Zürich".
-- unaccent through an immutable wrapper, so the full-text and trigram indexes are built on it.

create extension if not exists unaccent with schema extensions;

-- Immutable: the dictionary is named explicitly (the one-argument unaccent() depends on search_path,
-- which is why Postgres marks it stable and why indexes cannot use it directly). Definer: the API
-- roles compute the generated search column on insert but get no EXECUTE on extension functions.
create function private.fold(value text) returns text
language sql immutable parallel safe strict security definer set search_path = '' as $$
  select lower(extensions.unaccent('extensions.unaccent'::regdictionary, value))
$$;
comment on function private.fold(text) is 'Lower case without accents: the form search indexes and search terms are compared in.';
revoke execute on function private.fold(text) from public;
grant execute on function private.fold(text) to anon, authenticated, service_role;

-- The generated search vector is rebuilt on folded text (PostgreSQL 15 cannot alter a generation expression).
alter table public.events drop column search;
alter table public.events add column search tsvector generated always as (
  setweight(to_tsvector('simple'::regconfig, coalesce(private.fold(title), '')), 'A')
  || setweight(to_tsvector('simple'::regconfig, coalesce(private.fold(location), '')), 'B')
  || setweight(to_tsvector('simple'::regconfig, coalesce(private.fold(description), '')), 'C')
) stored;
create index events_search_idx on public.events using gin (search);

drop index public.events_location_trgm_idx;
create index events_location_trgm_idx on public.events using gin (private.fold(location) extensions.gin_trgm_ops);

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
  page integer
) returns text
language plpgsql stable set search_path = '' as $$
declare
  query tsquery;
  conditions text[] := array[]::text[];
  ordering text;
  direction text := case when ascending then 'asc' else 'desc' end;
  rank_sql text := '0::real';
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

  ordering := case coalesce(order_by, case when rank_sql <> '0::real' then 'relevance' else 'starts_at' end::public.event_search_order)
    when 'relevance' then format('rank %s, e.starts_at, e.id', case when ascending and order_by is not null then 'asc' else 'desc' end)
    when 'created_at' then format('e.created_at %s, e.id', direction)
    when 'title' then format('lower(e.title) %s, e.id', direction)
    else format('e.starts_at %s nulls last, e.id', direction)
  end;

  return format(
    'select e.id, e.slug, e.title, e.description, e.language, e.location, e.online_url, e.starts_at, e.ends_at,
            e.timezone, e.capacity, e.tags, e.status, e.organizer_id, p.display_name, e.enrolled_count,
            e.waitlisted_count, case when e.capacity is null then null else greatest(e.capacity - e.enrolled_count, 0) end,
            %s as rank, e.created_at
       from public.events e
       join public.profiles p on p.id = e.organizer_id
      where %s
      order by %s
      limit %s offset %s',
    rank_sql, array_to_string(conditions, ' and '), ordering, page_size, (page - 1) * page_size
  );
end
$$;
revoke execute on function private.search_events_sql from public, anon, authenticated;
