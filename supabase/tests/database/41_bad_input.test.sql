-- Bad input the database itself refuses: control characters in single-line fields (they would
-- inject lines into calendars and mail headers) and events created in a state only workflows reach.
begin;
\ir _helpers.psql
select plan(13);

select tests.create_user('fac@test.dev', 'facilitator');
select tests.create_user('cora@test.dev', 'creator');
select tests.create_user('sam@test.dev', 'seeker');

select tests.authenticate_as('fac@test.dev');
select throws_ok($$ insert into events (title) values (E'Yoga\r\nBEGIN:VALARM') $$,
  '23514', 'new row for relation "events" violates check constraint "events_title_single_line"', 'a title with CR LF is refused');
select throws_ok($$ insert into events (title, location) values ('Yoga', E'Park\nX-INJECTED:1') $$,
  '23514', 'new row for relation "events" violates check constraint "events_location_single_line"', 'a location with LF is refused');
select throws_ok($$ insert into events (title) values (E'Tab\tbed') $$, '23514', null, 'a tab in a title is refused');
insert into events (title, location) values ('Café à Zürich; 10, not 11', 'Zürich');
select throws_ok($$ update events set title = E'Moved\u2028now' where title like 'Café%' $$, '23514', null, 'a Unicode line separator is refused');
select lives_ok($$ update events set description = E'Line one\nLine two' where title like 'Café%' $$, 'descriptions stay multi-line');

select tests.authenticate_as('cora@test.dev');
select throws_ok($$ insert into sessions (title, price_minor, currency, duration_minutes, location, starts_at, capacity)
  values (E'Coaching\r\nSUMMARY:free', 0, 'eur', 60, 'Utrecht', now() + interval '1 day', 1) $$,
  '23514', null, 'a session title with CR LF is refused');
select throws_ok($$ insert into sessions (title, price_minor, currency, duration_minutes, location, starts_at, capacity)
  values ('Coaching', 0, 'eur', 60, E'Utrecht\n', now() + interval '1 day', 1) $$,
  '23514', null, 'a session location with LF is refused');

select tests.authenticate_as('sam@test.dev');
select throws_ok($$ update profiles set display_name = E'Sam\r\nBcc: all@example.com' where id = auth.uid() $$,
  '23514', null, 'a display name with CR LF is refused');

-- Sign-up takes whatever metadata Auth passes: the trigger cleans the name instead of failing.
select tests.clear_authentication();
select tests.create_user('mallory@test.dev', 'seeker', E'Mal\r\nlory\x01');
select is((select display_name from profiles where id = tests.get_user_id('mallory@test.dev')), 'Mal lory',
  'sign-up folds control characters of the display name into spaces');

-- Events start as drafts or published; `locked` only through lock_event_slot, `cancelled` by cancelling.
select tests.authenticate_as('fac@test.dev');
select throws_ok($$ insert into events (title, starts_at, status) values ('Locked at birth', now() + interval '1 day', 'locked') $$,
  '23514', 'a new event is draft or published, not locked', 'an event cannot be created locked');
select throws_ok($$ insert into events (title, starts_at, status) values ('Cancelled at birth', now() + interval '1 day', 'cancelled') $$,
  '23514', 'a new event is draft or published, not cancelled', 'an event cannot be created cancelled');
select lives_ok($$ insert into events (title, starts_at, status) values ('Published at birth', now() + interval '1 day', 'published') $$,
  'an event can be created published');
select lives_ok($$ insert into events (title) values ('Draft at birth') $$, 'an event can be created as a draft');

select * from finish();
rollback;
