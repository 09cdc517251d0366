-- Search stays index-backed: on 100k events, no filter or ordering of search_events plans a
-- sequential scan of events. Also checks search results for visibility of drafts.
begin;
\ir _helpers.psql
select plan(21);

select tests.create_user('bulk@test.dev', 'facilitator');
select tests.create_user('member@test.dev', 'seeker');

-- Organizer rows are irrelevant to plans; skipping that trigger keeps the load fast.
alter table events disable trigger events_after_insert;
insert into events (title, description, language, location, starts_at, ends_at, timezone, capacity, tags, status, organizer_id, created_at)
select 'Event ' || i || ' ' || (array['yoga', 'chess', 'salsa', 'coding', 'hiking'])[i % 5 + 1],
       'Description of event ' || i,
       (array['en', 'de', 'fr', 'es', 'nl'])[i % 5 + 1],
       (array['Amsterdam', 'Berlin', 'Paris', 'Madrid', 'Utrecht', 'Rotterdam'])[i % 6 + 1] || ' venue ' || (i % 100) || ' hall ' || i,
       now() + (i - 50000) * interval '10 minutes',
       now() + (i - 50000) * interval '10 minutes' + interval '1 hour',
       'Europe/Amsterdam',
       case when i % 3 = 0 then null else 20 end,
       array[(array['yoga', 'chess', 'salsa', 'music'])[i % 4 + 1]],
       case when i % 10 = 0 then 'draft' else 'published' end::event_status,
       tests.get_user_id('bulk@test.dev'),
       now() - i * interval '1 second'
  from generate_series(1, 100000) i;
alter table events enable trigger events_after_insert;
with chosen as (select id from events where status = 'draft' and starts_at > now() limit 5)
insert into event_members (event_id, user_id, role)
select id, tests.get_user_id('member@test.dev'), 'member' from chosen;
update events set title = 'Members only gathering ' || left(id::text, 4)
 where id in (select event_id from event_members where user_id = tests.get_user_id('member@test.dev'));
analyze events;
analyze event_members;

create function pg_temp.plan_of(sql text) returns text language plpgsql as $$
declare
  plan json;
begin
  execute 'explain (format json) ' || sql into plan;
  return plan::text;
end
$$;

create function pg_temp.seq_scans_events(
  viewer uuid default null, q text default null, loc text default null, lang text default null,
  after timestamptz default null, before timestamptz default null, org uuid default null, tags text[] default null,
  free boolean default null, timeframe text default 'upcoming', order_by event_search_order default null
) returns boolean language sql as $$
  select pg_temp.plan_of(private.search_events_sql(viewer, q, loc, lang, after, before, org, tags, free, timeframe, order_by, true, 20, 1))
    ~ '"Node Type": "Seq Scan"[^{}]*"Relation Name": "events"'
$$;

select ok(not pg_temp.seq_scans_events(), 'no filters (upcoming, by start time)');
select ok(not pg_temp.seq_scans_events(q => 'yoga'), 'free text');
select ok(not pg_temp.seq_scans_events(loc => 'amster'), 'partial location');
select ok(not pg_temp.seq_scans_events(lang => 'de'), 'language');
select ok(not pg_temp.seq_scans_events(after => now() + interval '1 day', before => now() + interval '8 days'), 'date range');
select ok(not pg_temp.seq_scans_events(org => tests.get_user_id('bulk@test.dev'), timeframe => 'all'), 'organizer');
select ok(not pg_temp.seq_scans_events(tags => '{chess}'), 'tags');
select ok(not pg_temp.seq_scans_events(free => true), 'has free spots');
select ok(not pg_temp.seq_scans_events(timeframe => 'past'), 'past events');
select ok(not pg_temp.seq_scans_events(timeframe => 'all', order_by => 'title'), 'ordered by title');
select ok(not pg_temp.seq_scans_events(timeframe => 'all', order_by => 'created_at'), 'ordered by creation');
select ok(not pg_temp.seq_scans_events(q => 'salsa', order_by => 'relevance'), 'ordered by relevance');
select ok(not pg_temp.seq_scans_events(q => 'chess', loc => 'berlin', lang => 'de', free => true), 'combined filters');
select ok(not pg_temp.seq_scans_events(viewer => tests.get_user_id('member@test.dev'), loc => 'paris'), 'signed-in viewer (draft membership check)');

-- Selective filters use their own indexes (not just the start-time order).
select ok(pg_temp.plan_of(private.search_events_sql(null, null, 'hall 4242', null, null, null, null, null, null, 'all', null, true, 20, 1))
  ~ 'events_location_trgm_idx', 'a rare partial location uses the trigram index');
select ok(pg_temp.plan_of(private.search_events_sql(null, 'event 4242', null, null, null, null, null, null, null, 'all', null, true, 20, 1))
  ~ 'events_search_idx', 'rare free text uses the full-text index');

-- Results through the public function -------------------------------------------------------------
select tests.authenticate_as_anon();
select is((select count(*) from search_events(q => 'members only gathering')), 0::bigint, 'anon never finds drafts');
select tests.authenticate_as('member@test.dev');
select is((select count(*) from search_events(q => 'members only gathering')), 5::bigint, 'a member finds the drafts they belong to');
select is((select count(*) from search_events(page_size => 100)), 100::bigint, 'page_size caps the page');
select throws_ok($$ select * from search_events(page_size => 1000) $$, '22023', 'page_size must be between 1 and 100', 'oversized pages are refused');
select throws_ok($$ select * from search_events(timeframe => 'someday') $$, '22023', 'timeframe must be upcoming, past or all', 'unknown timeframe is refused');

select * from finish();
rollback;
