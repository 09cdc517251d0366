-- Online links: events.online_url and sessions.online_url are not readable columns for API roles;
-- the accessors, search, my_enrollments, the bookings dashboard and the email claim give the link
-- only to enrolled attendees, (co-)organizers, confirmed bookers and the creator.
begin;
\ir _helpers.psql
select plan(29);

select tests.create_user('olga@test.dev', 'facilitator');
select tests.create_user('cory@test.dev', 'facilitator');
select tests.create_user('ena@test.dev', 'seeker');
select tests.create_user('wes@test.dev', 'seeker');
select tests.create_user('nia@test.dev', 'seeker');
select tests.create_user('cree@test.dev', 'creator');

insert into events (id, organizer_id, title, location, online_url, starts_at, timezone, capacity, status) values
  ('0e000000-0000-4000-8000-0000000000a1', tests.get_user_id('olga@test.dev'), 'Linked meetup', 'Online',
   'https://meet.example.com/secret-room?pwd=hunter2', now() + interval '3 days', 'UTC', 1, 'published');
insert into event_members (event_id, user_id, role)
  values ('0e000000-0000-4000-8000-0000000000a1', tests.get_user_id('cory@test.dev'), 'co_organizer');
select private.enroll('0e000000-0000-4000-8000-0000000000a1', tests.get_user_id('ena@test.dev'));
select private.enroll('0e000000-0000-4000-8000-0000000000a1', tests.get_user_id('wes@test.dev'));

insert into sessions (id, creator_id, title, price_minor, currency, duration_minutes, online_url, starts_at, capacity, published) values
  ('5e000000-0000-4000-8000-0000000000a1', tests.get_user_id('cree@test.dev'), 'Paid call', 9900, 'eur', 60,
   'https://meet.example.com/paid?pwd=s3cret', now() + interval '3 days', 1, true);
insert into bookings (user_id, session_id, status, amount_minor, currency, confirmed_at)
  values (tests.get_user_id('ena@test.dev'), '5e000000-0000-4000-8000-0000000000a1', 'confirmed', 9900, 'eur', now()),
         (tests.get_user_id('wes@test.dev'), '5e000000-0000-4000-8000-0000000000a1', 'cancelled', 9900, 'eur', null);

-- the column itself -------------------------------------------------------------------------------
select tests.authenticate_as_anon();
select throws_ok($$ select online_url from events $$, '42501', null, 'anon cannot read events.online_url');
select throws_ok($$ select online_url from sessions $$, '42501', null, 'anon cannot read sessions.online_url');
select throws_ok($$ select * from sessions $$, '42501', null, 'select * is refused too (no column slips through)');
select results_eq($$ select has_online_url from sessions where id = '5e000000-0000-4000-8000-0000000000a1' $$,
  $$ values (true) $$, 'anon sees that the session has a link');
select results_eq($$ select has_online_url from events where id = '0e000000-0000-4000-8000-0000000000a1' $$,
  $$ values (true) $$, 'anon sees that the event has a link');
select results_eq($$ select online_url, has_online_url from search_events(q => 'Linked meetup') $$,
  $$ values (null::text, true) $$, 'search shows anon that a link exists, not the link');
select throws_ok($$ select event_online_url('0e000000-0000-4000-8000-0000000000a1') $$, '42501', null, 'anon cannot call the accessor');

select tests.authenticate_as('ena@test.dev');
select throws_ok($$ select online_url from events $$, '42501', null, 'even an attendee reads the link only through the accessor');
select is(event_online_url('0e000000-0000-4000-8000-0000000000a1'), 'https://meet.example.com/secret-room?pwd=hunter2', 'the enrolled attendee gets the event link');
select is(session_online_url('5e000000-0000-4000-8000-0000000000a1'), 'https://meet.example.com/paid?pwd=s3cret', 'the confirmed booker gets the session link');
select results_eq($$ select online_url from search_events(q => 'Linked meetup') $$,
  $$ values ('https://meet.example.com/secret-room?pwd=hunter2'::text) $$, 'search gives the attendee the link');
select results_eq($$ select online_url, has_online_url from my_enrollments where event_id = '0e000000-0000-4000-8000-0000000000a1' $$,
  $$ values ('https://meet.example.com/secret-room?pwd=hunter2'::text, true) $$, 'my_enrollments gives the attendee the link');
select results_eq($$ select online_url from dashboard_user_bookings() $$,
  $$ values ('https://meet.example.com/paid?pwd=s3cret'::text) $$, 'the bookings dashboard gives the confirmed booker the link');

-- waitlisted / cancelled: the second seeker after the seat is taken
select tests.authenticate_as('wes@test.dev');
select is(event_online_url('0e000000-0000-4000-8000-0000000000a1'), null, 'the waitlisted seeker gets no event link');
select is(session_online_url('5e000000-0000-4000-8000-0000000000a1'), null, 'a cancelled booker gets no session link');
select results_eq($$ select online_url, has_online_url from search_events(q => 'Linked meetup') $$,
  $$ values (null::text, true) $$, 'search gives the waitlisted seeker no link');
select results_eq($$ select status::text, online_url from my_enrollments where event_id = '0e000000-0000-4000-8000-0000000000a1' $$,
  $$ values ('waitlisted'::text, null::text) $$, 'my_enrollments gives the waitlisted seeker no link');
select results_eq($$ select online_url from dashboard_user_bookings() $$, $$ values (null::text) $$, 'the cancelled booking shows no link');

select tests.authenticate_as('nia@test.dev');
select is(event_online_url('0e000000-0000-4000-8000-0000000000a1'), null, 'a stranger gets no event link');
select is(session_online_url('5e000000-0000-4000-8000-0000000000a1'), null, 'a stranger gets no session link');
select throws_ok($$ select online_url from sessions $$, '42501', null, 'a stranger cannot read sessions.online_url');

select tests.authenticate_as('olga@test.dev');
select is(event_online_url('0e000000-0000-4000-8000-0000000000a1'), 'https://meet.example.com/secret-room?pwd=hunter2', 'the organizer gets the link');
select tests.authenticate_as('cory@test.dev');
select is(event_online_url('0e000000-0000-4000-8000-0000000000a1'), 'https://meet.example.com/secret-room?pwd=hunter2', 'a co-organizer gets the link');
select lives_ok($$ update events set online_url = 'https://meet.example.com/new-room' where id = '0e000000-0000-4000-8000-0000000000a1' $$,
  'organizers still change the link (write privilege without read privilege)');
select tests.authenticate_as('cree@test.dev');
select is(session_online_url('5e000000-0000-4000-8000-0000000000a1'), 'https://meet.example.com/paid?pwd=s3cret', 'the creator gets the session link');

-- emails: the claim gives the link to recipients who may join only --------------------------------
select tests.clear_authentication();
delete from email_outbox;
insert into email_outbox (kind, recipient_id, recipient_email, subject_table, subject_id, event_id, payload, dedupe_key)
select 'event_changed', en.user_id, u.email, 'enrollments', en.id, en.event_id,
       '{"previous": {"online_url": "https://meet.example.com/secret-room?pwd=hunter2"}}', 'test:' || en.id
  from enrollments en join auth.users u on u.id = en.user_id
 where en.event_id = '0e000000-0000-4000-8000-0000000000a1';
insert into email_outbox (kind, recipient_id, recipient_email, subject_table, subject_id, dedupe_key)
select case b.status when 'confirmed' then 'booking_confirmed' else 'booking_refunded' end::email_kind, b.user_id, u.email, 'bookings', b.id, 'test:' || b.id
  from bookings b join auth.users u on u.id = b.user_id
 where b.session_id = '5e000000-0000-4000-8000-0000000000a1';
select tests.authenticate_as_service_role();
create temp table claimed on commit drop as select * from claim_email_batch(10);
select results_eq($$ select event ->> 'online_url', payload #>> '{previous,online_url}' from claimed where kind = 'event_changed' and recipient_email = 'ena@test.dev' $$,
  $$ values ('https://meet.example.com/new-room'::text, 'https://meet.example.com/secret-room?pwd=hunter2'::text) $$, 'the attendee''s email carries the links');
select results_eq($$ select event ->> 'online_url', payload #>> '{previous,online_url}' from claimed where kind = 'event_changed' and recipient_email = 'wes@test.dev' $$,
  $$ values (null::text, null::text) $$, 'the waitlisted seeker''s email carries neither the link nor the previous one');
select results_eq($$ select event ->> 'online_url' from claimed where kind = 'booking_confirmed' $$,
  $$ values ('https://meet.example.com/paid?pwd=s3cret'::text) $$, 'the confirmed booker''s email carries the link');
select results_eq($$ select event ->> 'online_url' from claimed where kind = 'booking_refunded' $$,
  $$ values (null::text) $$, 'a refunded booker''s email does not');

select * from finish();
rollback;
