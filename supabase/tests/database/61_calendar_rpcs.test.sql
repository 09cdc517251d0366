-- Calendar reads through PostgREST: rpc/calendar_feed (definer, the secret token is the credential)
-- gives a token's owner's enrollments and bookings with join links only for enrolled / confirmed
-- seats; rpc/calendar_series (invoker) gives a series and its non-draft occurrences, never a link.
begin;
\ir _helpers.psql
select plan(23);

select tests.create_user('olga@test.dev', 'facilitator');
select tests.create_user('ena@test.dev', 'seeker');
select tests.create_user('wes@test.dev', 'seeker');
select tests.create_user('nobody@test.dev', 'seeker');
select tests.create_user('cree@test.dev', 'creator');

insert into events (id, organizer_id, title, online_url, starts_at, timezone, status) values
  ('0e000000-0000-4000-8000-0000000000c1', tests.get_user_id('olga@test.dev'), 'Enrolled meetup', 'https://meet.example.com/enrolled', now() + interval '3 days', 'Europe/Amsterdam', 'published'),
  ('0e000000-0000-4000-8000-0000000000c2', tests.get_user_id('olga@test.dev'), 'Waitlisted meetup', 'https://meet.example.com/waitlisted', now() + interval '4 days', 'UTC', 'published'),
  ('0e000000-0000-4000-8000-0000000000c3', tests.get_user_id('olga@test.dev'), 'Left meetup', 'https://meet.example.com/left', now() + interval '5 days', 'UTC', 'published'),
  ('0e000000-0000-4000-8000-0000000000c4', tests.get_user_id('olga@test.dev'), 'Wes meetup', 'https://meet.example.com/wes', now() + interval '6 days', 'UTC', 'published');
insert into enrollments (event_id, user_id, status, waitlist_ticket) values
  ('0e000000-0000-4000-8000-0000000000c1', tests.get_user_id('ena@test.dev'), 'enrolled', null),
  ('0e000000-0000-4000-8000-0000000000c2', tests.get_user_id('ena@test.dev'), 'waitlisted', 1),
  ('0e000000-0000-4000-8000-0000000000c3', tests.get_user_id('ena@test.dev'), 'cancelled', null),
  ('0e000000-0000-4000-8000-0000000000c4', tests.get_user_id('wes@test.dev'), 'enrolled', null);

insert into sessions (id, creator_id, title, price_minor, currency, duration_minutes, location, online_url, starts_at, capacity, published, timezone) values
  ('5e000000-0000-4000-8000-0000000000c1', tests.get_user_id('cree@test.dev'), 'Confirmed call', 900, 'eur', 60, 'Studio', 'https://meet.example.com/confirmed', now() + interval '7 days', 5, true, 'Europe/Berlin'),
  ('5e000000-0000-4000-8000-0000000000c2', tests.get_user_id('cree@test.dev'), 'Pending call', 900, 'eur', 60, null, 'https://meet.example.com/pending', now() + interval '8 days', 5, true, 'UTC'),
  ('5e000000-0000-4000-8000-0000000000c3', tests.get_user_id('cree@test.dev'), 'Cancelled call', 900, 'eur', 60, 'Studio', 'https://meet.example.com/cancelled', now() + interval '9 days', 5, true, 'UTC');
insert into bookings (user_id, session_id, status, amount_minor, currency, hold_expires_at) values
  (tests.get_user_id('ena@test.dev'), '5e000000-0000-4000-8000-0000000000c1', 'confirmed', 900, 'eur', null),
  (tests.get_user_id('ena@test.dev'), '5e000000-0000-4000-8000-0000000000c2', 'pending', 900, 'eur', now() + interval '15 minutes'),
  (tests.get_user_id('ena@test.dev'), '5e000000-0000-4000-8000-0000000000c3', 'cancelled', 900, 'eur', null);

insert into calendar_feeds (user_id, token) values
  (tests.get_user_id('ena@test.dev'), '00000000-0000-4000-8000-00000000fee1'),
  (tests.get_user_id('wes@test.dev'), '00000000-0000-4000-8000-00000000fee2'),
  (tests.get_user_id('nobody@test.dev'), '00000000-0000-4000-8000-00000000fee3');

-- A series with an online link on one occurrence and a draft occurrence beside the published ones.
insert into event_series (id, organizer_id, rrule, timezone, first_starts_on, starts_at_local, duration, title, exdates)
  values ('5e5e0000-0000-4000-8000-0000000000c1', tests.get_user_id('olga@test.dev'), 'FREQ=WEEKLY;COUNT=3', 'Europe/Amsterdam',
          current_date + 30, '19:00', '90 minutes', 'Calendar club', array[(current_date + 44 + time '19:00')::timestamp]);
update events set online_url = 'https://meet.example.com/series-secret'
 where id = (select id from events where series_id = '5e5e0000-0000-4000-8000-0000000000c1' order by starts_at limit 1);
insert into events (organizer_id, title, starts_at, timezone, status, series_id, series_occurrence)
  values (tests.get_user_id('olga@test.dev'), 'Calendar club (draft)', now() + interval '200 days', 'Europe/Amsterdam', 'draft',
          '5e5e0000-0000-4000-8000-0000000000c1', (current_date + 200 + time '19:00')::timestamp);

create function pg_temp.titles(feed jsonb) returns text[] language sql as $$
  select array(select e->>'title' from jsonb_array_elements(feed) e)
$$;
create function pg_temp.links(feed jsonb) returns text[] language sql as $$
  select array(select coalesce(e->>'online_url', '-') from jsonb_array_elements(feed) e)
$$;
grant execute on function pg_temp.titles(jsonb), pg_temp.links(jsonb) to anon, authenticated;

-- grants and settings ------------------------------------------------------------------------------
select ok(p.prosecdef and p.provolatile = 's' and p.proconfig @> array['search_path=""'],
  'calendar_feed is security definer, stable, with an empty search_path')
  from pg_proc p where p.oid = 'public.calendar_feed(uuid)'::regprocedure;
select ok(not p.prosecdef and p.provolatile = 's' and p.proconfig @> array['search_path=""'],
  'calendar_series is security invoker (it reads only what anon may), stable, with an empty search_path')
  from pg_proc p where p.oid = 'public.calendar_series(uuid)'::regprocedure;
select ok(has_function_privilege('anon', 'public.calendar_feed(uuid)', 'execute')
      and has_function_privilege('authenticated', 'public.calendar_feed(uuid)', 'execute')
      and has_function_privilege('anon', 'public.calendar_series(uuid)', 'execute')
      and has_function_privilege('authenticated', 'public.calendar_series(uuid)', 'execute'),
  'anon and authenticated may call both (a calendar app has no user JWT)');
select is_empty($$ select p.oid::regprocedure::text from pg_proc p, aclexplode(p.proacl) a
  where p.oid in ('public.calendar_feed(uuid)'::regprocedure, 'public.calendar_series(uuid)'::regprocedure) and a.grantee = 0 $$,
  'neither is granted to PUBLIC');

-- the feed -------------------------------------------------------------------------------------------
select tests.authenticate_as_anon();
select is(calendar_feed('00000000-0000-4000-8000-00000000dead'), null, 'an unknown token gives nothing (the function answers 404)');
select is(pg_temp.titles(calendar_feed('00000000-0000-4000-8000-00000000fee1')),
  array['Enrolled meetup', 'Waitlisted meetup', 'Confirmed call', 'Pending call'],
  'a token gives its owner''s enrolled and waitlisted events, then pending and confirmed bookings; nothing cancelled');
select is(pg_temp.links(calendar_feed('00000000-0000-4000-8000-00000000fee1')),
  array['https://meet.example.com/enrolled', '-', 'https://meet.example.com/confirmed', '-'],
  'join links only for the enrolled seat and the confirmed booking');
select is(pg_temp.titles(calendar_feed('00000000-0000-4000-8000-00000000fee2')), array['Wes meetup'],
  'another token gives only its own owner''s rows');
select is(calendar_feed('00000000-0000-4000-8000-00000000fee3'), '[]'::jsonb, 'a known token with nothing on it gives an empty list');
select is((calendar_feed('00000000-0000-4000-8000-00000000fee1') -> 0) - 'id' - 'starts_at' - 'ends_at' - 'slug',
  jsonb_build_object('kind', 'events', 'title', 'Enrolled meetup', 'description', '', 'location', '',
    'online_url', 'https://meet.example.com/enrolled', 'timezone', 'Europe/Amsterdam', 'status', 'published'),
  'an event entry carries what the .ics needs');
select is((calendar_feed('00000000-0000-4000-8000-00000000fee1') -> 3) - 'starts_at' - 'ends_at',
  jsonb_build_object('id', '5e000000-0000-4000-8000-0000000000c2', 'slug', '5e000000-0000-4000-8000-0000000000c2', 'kind', 'sessions',
    'title', 'Pending call', 'description', '', 'location', '', 'online_url', null, 'timezone', 'UTC', 'status', 'published'),
  'a session entry: its id as slug, an empty location when online only');

select tests.authenticate_as('wes@test.dev');
select is(pg_temp.titles(calendar_feed('00000000-0000-4000-8000-00000000fee1')),
  array['Enrolled meetup', 'Waitlisted meetup', 'Confirmed call', 'Pending call'],
  'the token, not the caller, decides whose feed it is');
select tests.authenticate_as('ena@test.dev');
select lives_ok($$ select rotate_calendar_token() $$, 'ena rotates her token');
select tests.authenticate_as_anon();
select is(calendar_feed('00000000-0000-4000-8000-00000000fee1'), null, 'the old token gives nothing after rotating');

-- the series -----------------------------------------------------------------------------------------
select is(calendar_series('00000000-0000-4000-8000-00000000dead'), null, 'an unknown series gives nothing');
select is(calendar_series('5e5e0000-0000-4000-8000-0000000000c1') - 'id' - 'first_starts_on' - 'occurrences' - 'exdates',
  jsonb_build_object('title', 'Calendar club', 'description', '', 'location', '', 'timezone', 'Europe/Amsterdam',
    'rrule', 'FREQ=WEEKLY;COUNT=3', 'starts_at_local', '19:00:00', 'duration_seconds', 5400),
  'anon reads the series'' rule, zone, wall-clock start and duration');
select is(jsonb_array_length(calendar_series('5e5e0000-0000-4000-8000-0000000000c1') -> 'exdates'), 1, 'with its exdates');
select is((select array_agg(o->>'status') from jsonb_array_elements(calendar_series('5e5e0000-0000-4000-8000-0000000000c1') -> 'occurrences') o),
  (select array_agg(status::text order by starts_at) from public.events where series_id = '5e5e0000-0000-4000-8000-0000000000c1' and status <> 'draft'),
  'its occurrences in order, the draft one left out');
select ok(calendar_series('5e5e0000-0000-4000-8000-0000000000c1')::text !~ 'series-secret|online_url|draft',
  'no join link and no draft in what anon gets');

select tests.authenticate_as('olga@test.dev');
select ok(calendar_series('5e5e0000-0000-4000-8000-0000000000c1')::text !~ 'series-secret|online_url|draft',
  'the organizer, who may see the draft and the link elsewhere, gets the same public calendar');
select tests.authenticate_as_service_role();
select ok(calendar_series('5e5e0000-0000-4000-8000-0000000000c1')::text !~ 'series-secret|online_url|draft',
  'so does the service role');

-- index-backed -------------------------------------------------------------------------------------
-- The functions' own bodies, planned over tables that hold thousands of other people's rows: the
-- token, the owner's enrollments and bookings and the series' occurrences are found by index.
select tests.clear_authentication();
alter table calendar_feeds disable trigger all;
alter table enrollments disable trigger all;
alter table bookings disable trigger all;
alter table events disable trigger events_after_insert;
insert into calendar_feeds (user_id, token) select gen_random_uuid(), gen_random_uuid() from generate_series(1, 20000);
insert into enrollments (event_id, user_id, status)
select e.id, gen_random_uuid(), 'enrolled'
  from generate_series(1, 10000) i, (values ('0e000000-0000-4000-8000-0000000000c1'::uuid), ('0e000000-0000-4000-8000-0000000000c4'::uuid)) e (id);
insert into bookings (user_id, session_id, status, amount_minor, currency)
select gen_random_uuid(), '5e000000-0000-4000-8000-0000000000c1', 'confirmed', 900, 'eur' from generate_series(1, 20000);
insert into events (organizer_id, title, starts_at, timezone, status)
select tests.get_user_id('olga@test.dev'), 'Bulk event ' || i, now() + i * interval '1 hour', 'UTC', 'published' from generate_series(1, 20000) i;
analyze calendar_feeds;
analyze enrollments;
analyze bookings;
analyze events;

create function pg_temp.body_plan(fn regprocedure, parameter text, value text) returns text language plpgsql as $$
declare
  plan json;
begin
  execute 'explain (format json) ' || replace((select prosrc from pg_proc where oid = fn), parameter, quote_literal(value) || '::uuid') into plan;
  return plan::text;
end
$$;
select doesnt_match(pg_temp.body_plan('public.calendar_feed(uuid)', 'calendar_feed.token', '00000000-0000-4000-8000-00000000fee2'),
  '"Node Type": "Seq Scan"[^{}]*"Relation Name": "(calendar_feeds|enrollments|bookings)"',
  'the feed finds the token, the enrollments and the bookings by index');
select doesnt_match(pg_temp.body_plan('public.calendar_series(uuid)', 'calendar_series.series_id', '5e5e0000-0000-4000-8000-0000000000c1'),
  '"Node Type": "Seq Scan"[^{}]*"Relation Name": "(event_series|events)"',
  'the series and its occurrences are found by index');

select * from finish();
rollback;
