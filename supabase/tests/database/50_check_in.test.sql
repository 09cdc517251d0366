-- Tickets and check-in: who gets a ticket, who reads it, who may check in, and every state check
-- of private.check_in (forged, unknown, foreign, cancelled, waitlisted, too early, twice).
begin;
\ir _helpers.psql
select plan(32);

select tests.create_user('org@test.dev', 'facilitator');
select tests.create_user('co@test.dev', 'facilitator');
select tests.create_user('member@test.dev');
select tests.create_user('other-org@test.dev', 'facilitator');
select tests.create_user('cora@test.dev', 'creator');
select tests.create_user('ann@test.dev');
select tests.create_user('bob@test.dev');
select tests.create_user('cat@test.dev');
select tests.create_user('dan@test.dev');

insert into events (title, organizer_id, starts_at, capacity, status) values
  ('Soon', tests.get_user_id('org@test.dev'), now() + interval '1 hour', 2, 'published'),
  ('Tomorrow', tests.get_user_id('org@test.dev'), now() + interval '1 day', 10, 'published'),
  ('Elsewhere', tests.get_user_id('other-org@test.dev'), now() + interval '1 hour', 10, 'published');
insert into event_members (event_id, user_id, role) values
  (tests.event_id('Soon'), tests.get_user_id('co@test.dev'), 'co_organizer'),
  (tests.event_id('Soon'), tests.get_user_id('member@test.dev'), 'member');
insert into sessions (id, creator_id, title, price_minor, currency, duration_minutes, location, starts_at, capacity, published) values
  ('5e550000-0000-4000-8000-0000000000c1', tests.get_user_id('cora@test.dev'), 'Free class', 0, 'eur', 60, 'Studio', now() + interval '30 minutes', 5, true);

select private.enroll(tests.event_id('Soon'), tests.get_user_id('ann@test.dev'));
select private.enroll(tests.event_id('Soon'), tests.get_user_id('bob@test.dev'));
select private.enroll(tests.event_id('Soon'), tests.get_user_id('cat@test.dev')); -- waitlisted
select private.enroll(tests.event_id('Tomorrow'), tests.get_user_id('ann@test.dev'));
select private.enroll(tests.event_id('Elsewhere'), tests.get_user_id('dan@test.dev'));
select public.book_session('5e550000-0000-4000-8000-0000000000c1', tests.get_user_id('ann@test.dev'));

create function pg_temp.code(title text, email text) returns text language sql security definer as $$
  select t.code from tickets t join enrollments en on en.id = t.enrollment_id
   where en.event_id = tests.event_id(title) and en.user_id = tests.get_user_id(email)
$$;
create function pg_temp.scan(code text, title text, email text) returns jsonb language sql as $$
  select private.check_in(code, tests.event_id(title), null, tests.get_user_id(email))
$$;

-- issuing ---------------------------------------------------------------------------------------
select is((select count(*)::int from tickets where event_id = tests.event_id('Soon')), 2, 'each enrolled person has a ticket, the waitlisted none');
select matches(pg_temp.code('Soon', 'ann@test.dev'), '^gh1\.[0-9a-f]{32}\.[0-9a-f]{32}$', 'a code is an id and a 128-bit signature');
select isnt(pg_temp.code('Soon', 'ann@test.dev'), pg_temp.code('Soon', 'bob@test.dev'), 'codes differ per ticket');
select is((select count(*)::int from tickets where session_id = '5e550000-0000-4000-8000-0000000000c1'), 1, 'a confirmed booking has a ticket');
select is((select payload->>'ticket_code' from email_outbox where kind = 'enrollment_confirmed' and subject_id =
            (select id from enrollments where event_id = tests.event_id('Soon') and user_id = tests.get_user_id('ann@test.dev'))),
  pg_temp.code('Soon', 'ann@test.dev'), 'the confirmation email carries the ticket code');
select is((select payload->>'ticket_code' from email_outbox o join tickets t on t.booking_id = o.subject_id where o.kind = 'booking_confirmed' and t.session_id = '5e550000-0000-4000-8000-0000000000c1'),
  (select code from tickets where session_id = '5e550000-0000-4000-8000-0000000000c1'), 'the booking confirmation carries its ticket too');
select is((select count(*)::int from private.ticket_signing_keys), 1, 'one signing key exists');

-- reading: owners only ----------------------------------------------------------------------------
select tests.authenticate_as('ann@test.dev');
select is((select count(*)::int from tickets), 3, 'the owner reads their tickets');
select tests.authenticate_as('org@test.dev');
select is_empty($$ select 1 from tickets $$, 'organizers do not read attendees'' codes');
select throws_ok($$ select * from private.ticket_signing_keys $$, '42501', null, 'clients cannot reach the signing key');
select throws_ok($$ select private.check_in('x', null, null, null) $$, '42501', null, 'clients cannot call check_in directly');
select throws_ok($$ update tickets set checked_in_at = now() $$, '42501', null, 'clients cannot write tickets');
select tests.clear_authentication();

-- who may check in --------------------------------------------------------------------------------
select is(tests.refusal($$ select pg_temp.scan(pg_temp.code('Soon', 'ann@test.dev'), 'Soon', 'member@test.dev') $$),
  'PT403 not_organizer', 'a plain member cannot check in');
select is(tests.refusal($$ select pg_temp.scan(pg_temp.code('Soon', 'ann@test.dev'), 'Soon', 'ann@test.dev') $$),
  'PT403 not_organizer', 'the attendee cannot check themselves in');
select is(tests.refusal($$ select pg_temp.scan(pg_temp.code('Soon', 'ann@test.dev'), 'Soon', 'other-org@test.dev') $$),
  'PT403 not_organizer', 'another event''s organizer cannot');
select is(tests.refusal($$ select private.check_in(pg_temp.code('Soon', 'ann@test.dev'), null, '5e550000-0000-4000-8000-0000000000c1', tests.get_user_id('org@test.dev')) $$),
  'PT403 not_organizer', 'only the creator checks in for a session');
select is(tests.refusal($$ select pg_temp.scan('garbage', 'Soon', 'member@test.dev') $$), 'PT403 not_organizer',
  'a non-organizer learns nothing about a code, not even that it is malformed');

-- state checks ------------------------------------------------------------------------------------
select is(tests.refusal($$ select pg_temp.scan('not-a-code', 'Soon', 'org@test.dev') $$), 'PT400 ticket_malformed', 'malformed codes are refused');
select is(tests.refusal($$ select pg_temp.scan(left(pg_temp.code('Soon', 'ann@test.dev'), 37) || repeat('0', 32), 'Soon', 'org@test.dev') $$),
  'PT422 ticket_forged', 'a forged signature is told apart');
select is(tests.refusal($$ select pg_temp.scan(p || '.' || private.ticket_signature(p), 'Soon', 'org@test.dev') from (select 'gh1.' || repeat('ab', 16) as p) x $$),
  'PT404 ticket_unknown', 'a well-signed code without a ticket is unknown, not forged');
select is(tests.refusal($$ select pg_temp.scan(pg_temp.code('Elsewhere', 'dan@test.dev'), 'Soon', 'org@test.dev') $$),
  'PT409 ticket_other_event', 'a ticket for another event is refused');
select is(tests.refusal($$ select pg_temp.scan(pg_temp.code('Tomorrow', 'ann@test.dev'), 'Tomorrow', 'org@test.dev') $$),
  'PT422 checkin_not_open', 'before start minus the window check-in is closed');
update events set checkin_opens_before = interval '2 days' where id = tests.event_id('Tomorrow');
select is(pg_temp.scan(pg_temp.code('Tomorrow', 'ann@test.dev'), 'Tomorrow', 'org@test.dev')->>'status', 'checked_in', 'a wider window opens it');

-- promote cat later; first, a waitlisted person has no ticket, and a cancelled one is refused
select private.cancel_enrollment(tests.event_id('Soon'), tests.get_user_id('bob@test.dev')); -- cat is promoted
select isnt(pg_temp.code('Soon', 'cat@test.dev'), null, 'promotion from the waitlist issues a ticket');
select is(tests.refusal($$ select pg_temp.scan(pg_temp.code('Soon', 'bob@test.dev'), 'Soon', 'org@test.dev') $$),
  'PT422 ticket_cancelled', 'a cancelled enrollment''s ticket is refused');
select private.enroll(tests.event_id('Soon'), tests.get_user_id('bob@test.dev')); -- bob is waitlisted now
select is(tests.refusal($$ select pg_temp.scan(pg_temp.code('Soon', 'bob@test.dev'), 'Soon', 'org@test.dev') $$),
  'PT422 ticket_waitlisted', 'a waitlisted person''s old ticket is refused');

-- checking in, once -------------------------------------------------------------------------------
select is(pg_temp.scan(pg_temp.code('Soon', 'ann@test.dev'), 'Soon', 'co@test.dev')->>'status', 'checked_in', 'a co-organizer checks ann in');
select is(pg_temp.scan(pg_temp.code('Soon', 'ann@test.dev'), 'Soon', 'org@test.dev')->>'status', 'already_checked_in', 'a second scan says already checked in');
select is((select checked_in_by from tickets where code = pg_temp.code('Soon', 'ann@test.dev')), tests.get_user_id('co@test.dev'),
  'the second scan changed nothing: the first scanner stays');
select is(private.check_in((select code from tickets where session_id = '5e550000-0000-4000-8000-0000000000c1'), null,
  '5e550000-0000-4000-8000-0000000000c1', tests.get_user_id('cora@test.dev'))->>'status', 'checked_in', 'the creator checks a booking in');

-- attendance dashboard ----------------------------------------------------------------------------
update events set starts_at = now() - interval '1 minute' where id = tests.event_id('Soon');
select tests.authenticate_as('co@test.dev');
select results_eq($$ select confirmed, checked_in, no_shows, no_show_rate from dashboard_attendance() where id = tests.event_id('Soon') $$,
  $$ values (2, 1, 1, 0.5000::numeric) $$, 'the dashboard counts check-ins and no-shows of a started event');
select tests.authenticate_as('member@test.dev');
select is_empty($$ select 1 from dashboard_attendance() $$, 'members see no attendance');
select tests.clear_authentication();

select * from finish();
rollback;
