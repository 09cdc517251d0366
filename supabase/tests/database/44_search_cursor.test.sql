-- Keyset pagination of search_events: following the cursor visits every row once, in order, for
-- every ordering with ties, also when an event is added between pages; bad cursors are refused.
begin;
\ir _helpers.psql
select plan(14);

select tests.create_user('fac@test.dev', 'facilitator');
select tests.authenticate_as('fac@test.dev');
-- Ties everywhere: the same start for all, two titles, the same text rank.
insert into events (title, starts_at, tags, status)
select case when n % 2 = 0 then 'Cursor tie even' else 'Cursor tie odd' end, '2031-03-01 10:00Z', '{cursor-test}', 'published'
  from generate_series(1, 7) n;
insert into events (title, starts_at, tags, status) values ('Cursor later', '2031-03-02 10:00Z', '{cursor-test}', 'published');

-- Walks every page of 3 through the cursor; returns the ids in the order seen.
create function pg_temp.walk(order_by event_search_order, ascending boolean, q text default null, add_after_first boolean default false)
returns uuid[] language plpgsql as $$
declare
  seen uuid[] := '{}';
  cursor_text text;
  page_rows integer;
  r record;
begin
  loop
    page_rows := 0;
    for r in select * from public.search_events(q => q, with_tags => '{cursor-test}', order_by => walk.order_by,
                                                ascending => walk.ascending, page_size => 3, after => cursor_text) loop
      seen := seen || r.id;
      cursor_text := r.cursor;
      page_rows := page_rows + 1;
    end loop;
    exit when page_rows < 3;
    if add_after_first then
      insert into events (title, starts_at, tags, status) values ('Cursor newcomer', '2031-02-01 10:00Z', '{cursor-test}', 'published');
      add_after_first := false;
    end if;
  end loop;
  return seen;
end
$$;

create function pg_temp.expected(order_sql text) returns uuid[] language plpgsql as $$
declare
  ids uuid[];
begin
  execute format('select array_agg(id order by %s) from events where ''cursor-test'' = any (tags)', order_sql) into ids;
  return ids;
end
$$;

select is(pg_temp.walk('starts_at', true), pg_temp.expected('starts_at, id'), 'by start, ascending: every row once, ties by id');
select is(pg_temp.walk('starts_at', false), pg_temp.expected('starts_at desc, id desc'), 'by start, descending');
select is(pg_temp.walk('title', true), pg_temp.expected('lower(title), id'), 'by title, ascending');
select is(pg_temp.walk('title', false), pg_temp.expected('lower(title) desc, id desc'), 'by title, descending');
select is(pg_temp.walk('created_at', true), pg_temp.expected('created_at, id'), 'by creation (all created at once: ties)');
select is(pg_temp.walk('created_at', false), pg_temp.expected('created_at desc, id desc'), 'by creation, descending');
select is(pg_temp.walk('relevance', false, 'cursor'), pg_temp.expected('starts_at, id'), 'by relevance (equal ranks: start, then id)');
select is(cardinality(pg_temp.walk('title', true)), 8, 'eight rows in all');

-- An event that sorts before the current page arrives meanwhile: no row is shown twice or skipped.
select is(pg_temp.walk('starts_at', true, null, true),
  (select array_agg(id order by starts_at, id) from events where 'cursor-test' = any (tags) and title <> 'Cursor newcomer'),
  'a row added before the cursor neither repeats nor hides a row');

select is((select count(*)::integer from search_events(with_tags => '{cursor-test}', page_size => 3, page => 3)), 3,
  'page numbers still work for UIs that need them');

select throws_ok($$ select * from search_events(after => 'not a cursor!') $$, '22023', 'after is not a search cursor',
  'garbage is refused');
select throws_ok($$ select * from search_events(after => (select cursor from search_events(with_tags => '{cursor-test}', order_by => 'title') limit 1)) $$,
  '22023', 'after is a cursor of another ordering', 'a cursor of another ordering is refused');
select throws_ok($$ select * from search_events(after => private.search_cursor('["starts_at", "asc", "x", "y"]')) $$,
  null, null, 'forged cursor values are refused');

select tests.authenticate_as_anon();
select isnt((select cursor from search_events(with_tags => '{cursor-test}') limit 1), null, 'anon gets cursors too');

select * from finish();
rollback;
