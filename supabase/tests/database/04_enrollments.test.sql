-- Enrollment rules of private.enroll / private.cancel_enrollment and who sees enrollments.
begin;
\ir _helpers.psql
select plan(33);

select tests.create_user('org@test.dev', 'facilitator');
select tests.create_user('co@test.dev', 'facilitator');
select tests.create_user('s1@test.dev');
select tests.create_user('s2@test.dev');
select tests.create_user('s3@test.dev');
select tests.create_user('s4@test.dev');
select tests.create_user('nosy@test.dev');

-- Events made by the organizer (as superuser for brevity; the organizer trigger still runs).
insert into events (title, organizer_id, starts_at, capacity, status) values
  ('Two seats', tests.get_user_id('org@test.dev'), now() + interval '1 day', 2, 'published'),
  ('Open ended', tests.get_user_id('org@test.dev'), now() + interval '1 day', null, 'published'),
  ('Still a draft', tests.get_user_id('org@test.dev'), now() + interval '1 day', 10, 'draft'),
  ('Called off', tests.get_user_id('org@test.dev'), now() + interval '1 day', 10, 'cancelled'),
  ('Yesterday', tests.get_user_id('org@test.dev'), now() - interval '1 day', 10, 'published');
insert into event_members (event_id, user_id, role) values (tests.event_id('Two seats'), tests.get_user_id('co@test.dev'), 'co_organizer');

create function pg_temp.enroll(title text, email text) returns jsonb language sql as $$
  select private.enroll(tests.event_id(title), tests.get_user_id(email))
$$;
create function pg_temp.cancel(title text, email text) returns jsonb language sql as $$
  select private.cancel_enrollment(tests.event_id(title), tests.get_user_id(email))
$$;
create function pg_temp.status_of(title text, email text) returns text language sql as $$
  select status::text from enrollments where event_id = tests.event_id(title) and user_id = tests.get_user_id(email)
$$;

-- Seats, then the waitlist in arrival order ---------------------------------------------------------
select is(pg_temp.enroll('Two seats', 's1@test.dev') ->> 'status', 'enrolled', 'first seat');
select is(pg_temp.enroll('Two seats', 's2@test.dev') ->> 'status', 'enrolled', 'second seat');
select is(pg_temp.enroll('Two seats', 's3@test.dev') - 'enrollment_id' - 'event_id', '{"status": "waitlisted", "position": 1}'::jsonb,
  'full: the third person is waitlisted at position 1');
select is(pg_temp.enroll('Two seats', 's4@test.dev') ->> 'position', '2', 'the fourth person is told position 2');
select is((select public.waitlist_position(en) from enrollments en where user_id = tests.get_user_id('s4@test.dev')), 2, 'the fourth person is second in line');
select row_eq($$ select enrolled_count, waitlisted_count from events where title = 'Two seats' $$, row(2, 2), 'counts follow the enrollments');

-- Refusals -----------------------------------------------------------------------------------------
select is(tests.refusal($$ select pg_temp.enroll('Two seats', 's1@test.dev') $$), 'PT409 already_enrolled', 'enrolling twice is refused');
select is(tests.refusal($$ select pg_temp.enroll('Two seats', 's3@test.dev') $$), 'PT409 already_enrolled', 'a waitlisted person cannot enroll again');
select is(tests.refusal($$ select pg_temp.enroll('Still a draft', 's1@test.dev') $$), 'PT422 event_draft', 'drafts refuse enrollment');
select is(tests.refusal($$ select pg_temp.enroll('Called off', 's1@test.dev') $$), 'PT422 event_cancelled', 'cancelled events refuse enrollment');
select is(tests.refusal($$ select pg_temp.enroll('Yesterday', 's1@test.dev') $$), 'PT422 event_past', 'past events refuse enrollment');
select is(tests.refusal($$ select private.enroll('00000000-0000-4000-8000-000000000000', tests.get_user_id('s1@test.dev')) $$), 'PT404 event_not_found', 'unknown events are not found');
select is(tests.refusal($$ select pg_temp.cancel('Open ended', 's1@test.dev') $$), 'PT404 not_enrolled', 'cancelling without an enrollment is refused');

-- Cancelling promotes the oldest waitlisted person --------------------------------------------------
select is((pg_temp.cancel('Two seats', 's1@test.dev') ->> 'promoted')::int, 1, 'a freed seat promotes one person');
select is(pg_temp.status_of('Two seats', 's3@test.dev'), 'enrolled', 'the first in line got the seat');
select is(pg_temp.status_of('Two seats', 's4@test.dev'), 'waitlisted', 'the second in line still waits');
select is((select public.waitlist_position(en) from enrollments en where user_id = tests.get_user_id('s4@test.dev')), 1, 'and is now first in line');
select is((pg_temp.cancel('Two seats', 's4@test.dev') ->> 'promoted')::int, 0, 'leaving the waitlist promotes nobody');
select row_eq($$ select enrolled_count, waitlisted_count from events where title = 'Two seats' $$, row(2, 0), 'counts follow cancellations');

-- Re-enrolling after cancelling reuses the row -----------------------------------------------------
select is(pg_temp.enroll('Two seats', 's1@test.dev') ->> 'status', 'waitlisted', 're-enrolling into a full event waitlists');
select is((select count(*) from enrollments where user_id = tests.get_user_id('s1@test.dev')), 1::bigint, 're-enrolling reuses the one row');
select is(pg_temp.enroll('Open ended', 's1@test.dev') ->> 'status', 'enrolled', 'no capacity means no limit');

-- Raising the capacity lets the waitlist in --------------------------------------------------------
select tests.authenticate_as('org@test.dev');
update events set capacity = 3 where title = 'Two seats';
select tests.clear_authentication();
select is(pg_temp.status_of('Two seats', 's1@test.dev'), 'enrolled', 'more capacity promotes the waitlist');

-- Who sees enrollments ------------------------------------------------------------------------------
select tests.authenticate_as('s1@test.dev');
select is((select count(*) from enrollments), 2::bigint, 'a seeker sees only their own enrollments');
select is((select count(*) from my_enrollments where timeframe = 'upcoming'), 2::bigint, 'my_enrollments lists them');
select is_empty($$ select 1 from event_attendees $$, 'a seeker sees no attendee list');
select throws_ok($$ insert into enrollments (event_id, user_id, status) values (tests.event_id('Open ended'), auth.uid(), 'enrolled') $$,
  '42501', null, 'clients cannot insert enrollments');
select throws_ok($$ update enrollments set status = 'enrolled' $$, '42501', null, 'clients cannot update enrollments');
select throws_ok($$ select private.enroll(tests.event_id('Open ended'), auth.uid()) $$, '42501', null, 'clients cannot call the enrollment function');

select tests.authenticate_as('nosy@test.dev');
select is_empty($$ select 1 from enrollments $$, 'another seeker sees none of them');

select tests.authenticate_as('co@test.dev');
select is((select count(*) from event_attendees where event_id = tests.event_id('Two seats')), 3::bigint, 'a co-organizer reads the attendee list');
select is_empty($$ select 1 from event_attendees where event_id = tests.event_id('Open ended') $$, 'but not for events they do not organize');

select tests.authenticate_as('org@test.dev');
select row_eq($$ select enrolled_count, waitlisted_count, available_spots from my_events where title = 'Two seats' $$, row(3, 0, 0), 'my_events shows the counts');

select * from finish();
rollback;
