-- rpc/waitlist_position: a client-made row (another event's id, a made-up ticket) or another user's
-- enrollment reveals nothing; the owner and the organizers get the real position.
begin;
\ir _helpers.psql
select plan(6);

select tests.create_user('org@test.dev', 'facilitator');
select tests.create_user('w1@test.dev', 'seeker');
select tests.create_user('w2@test.dev', 'seeker');
select tests.create_user('spy@test.dev', 'seeker');

insert into events (id, organizer_id, title, starts_at, timezone, capacity, status) values
  ('0e000000-0000-4000-8000-0000000000b1', tests.get_user_id('org@test.dev'), 'Tiny workshop', now() + interval '3 days', 'UTC', 1, 'published');
select private.enroll('0e000000-0000-4000-8000-0000000000b1', tests.get_user_id('org@test.dev'));
select private.enroll('0e000000-0000-4000-8000-0000000000b1', tests.get_user_id('w1@test.dev'));
select private.enroll('0e000000-0000-4000-8000-0000000000b1', tests.get_user_id('w2@test.dev'));
create temp table w2_row on commit drop as
  select * from enrollments where user_id = tests.get_user_id('w2@test.dev');
grant select on w2_row to authenticated;

select tests.authenticate_as('spy@test.dev');
-- The attack: a forged row with the event's id and a huge ticket counts the whole waitlist.
select is(waitlist_position(row(gen_random_uuid(), '0e000000-0000-4000-8000-0000000000b1', auth.uid(), 'waitlisted',
  9223372036854775807, now(), now(), null, now(), now())::enrollments), null, 'a made-up row reveals no waitlist size');
select is((select waitlist_position(row(w.*)::enrollments) from w2_row w), null, 'another user''s enrollment reveals no position');

select tests.authenticate_as('w2@test.dev');
select is((select waitlist_position(row(w.*)::enrollments) from w2_row w), 2, 'the owner gets their position');
select is((select waitlist_position(row(w.id, w.event_id, w.user_id, w.status, 1, null, null, null, now(), now())::enrollments) from w2_row w), 2,
  'only the id counts: a forged ticket does not move the owner up');
select results_eq($$ select waitlist_position from my_enrollments $$, $$ values (2) $$, 'my_enrollments shows it');

select tests.authenticate_as('org@test.dev');
select is((select waitlist_position(row(w.*)::enrollments) from w2_row w), 2, 'the organizer gets it');

select * from finish();
rollback;
