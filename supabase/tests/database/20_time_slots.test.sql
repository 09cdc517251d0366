-- Time slots and slot votes: who proposes, who votes for whom, tallies, and the organizer's lock
-- that schedules the event and freezes planning.
begin;
\ir _helpers.psql
select plan(36);

select tests.create_user('org@test.dev', 'facilitator');
select tests.create_user('coorg@test.dev', 'facilitator');
select tests.create_user('mem@test.dev', 'seeker');
select tests.create_user('mem2@test.dev', 'seeker');
select tests.create_user('outsider@test.dev', 'seeker');

-- A draft planning event with an organizer, a co-organizer and two members.
with e as (
  insert into events (title, organizer_id) values ('Summer picnic', tests.get_user_id('org@test.dev')) returning id
) select set_config('tests.event', id::text, true) from e;
insert into event_members (event_id, user_id, role) values
  (current_setting('tests.event')::uuid, tests.get_user_id('coorg@test.dev'), 'co_organizer'),
  (current_setting('tests.event')::uuid, tests.get_user_id('mem@test.dev'), 'member'),
  (current_setting('tests.event')::uuid, tests.get_user_id('mem2@test.dev'), 'member');

-- Proposing slots ----------------------------------------------------------------------------------
select tests.authenticate_as('org@test.dev');
select results_eq(
  $$ insert into time_slots (event_id, starts_at, ends_at)
     values (current_setting('tests.event')::uuid, '2031-06-01 10:00Z', '2031-06-01 14:00Z') returning starts_at $$,
  $$ values ('2031-06-01 10:00Z'::timestamptz) $$, 'the organizer proposes a slot');
select set_config('tests.slot1', (select id::text from time_slots where starts_at = '2031-06-01 10:00Z'), true);
select throws_ok(
  $$ insert into time_slots (event_id, starts_at) values (current_setting('tests.event')::uuid, '2031-06-01 10:00Z') $$,
  '23505', 'duplicate key value violates unique constraint "time_slots_one_per_start"', 'a start time is proposed once per event');
select throws_ok(
  $$ insert into time_slots (event_id, starts_at, ends_at) values (current_setting('tests.event')::uuid, '2031-06-03 10:00Z', '2031-06-03 09:00Z') $$,
  '23514', null, 'a slot cannot end before it starts');

select tests.authenticate_as('coorg@test.dev');
select results_eq(
  $$ insert into time_slots (event_id, starts_at) values (current_setting('tests.event')::uuid, '2031-06-02 10:00Z') returning starts_at $$,
  $$ values ('2031-06-02 10:00Z'::timestamptz) $$, 'a co-organizer proposes a slot');
select set_config('tests.slot2', (select id::text from time_slots where starts_at = '2031-06-02 10:00Z'), true);

select tests.authenticate_as('mem@test.dev');
select throws_ok(
  $$ insert into time_slots (event_id, starts_at) values (current_setting('tests.event')::uuid, '2031-06-05 10:00Z') $$,
  '42501', 'new row violates row-level security policy for table "time_slots"', 'a member cannot propose slots');
select is((select count(*) from time_slots where event_id = current_setting('tests.event')::uuid), 2::bigint, 'a member sees the event''s slots');
select is_empty($$ delete from time_slots returning id $$, 'a member cannot delete slots');

select tests.authenticate_as('outsider@test.dev');
select throws_ok(
  $$ insert into time_slots (event_id, starts_at) values (current_setting('tests.event')::uuid, '2031-06-05 10:00Z') $$,
  '42501', 'new row violates row-level security policy for table "time_slots"', 'a non-member cannot propose slots');
select is_empty($$ select id from time_slots $$, 'a non-member sees no slots');

select tests.authenticate_as_anon();
select throws_ok($$ select id from time_slots $$, '42501', null, 'anon cannot read slots');
select throws_ok($$ select slot_id from slot_votes $$, '42501', null, 'anon cannot read votes');
select throws_ok($$ select slot_id from slot_tallies $$, '42501', null, 'anon cannot read tallies');

-- Voting -------------------------------------------------------------------------------------------
select tests.authenticate_as('mem@test.dev');
select results_eq(
  $$ insert into slot_votes (slot_id, answer) values (current_setting('tests.slot1')::uuid, 'yes') returning event_id, user_id, answer::text $$,
  $$ values (current_setting('tests.event')::uuid, auth.uid(), 'yes') $$, 'a member votes; the vote takes the slot''s event');
select results_eq(
  $$ update slot_votes set answer = 'if_need_be' where slot_id = current_setting('tests.slot1')::uuid and user_id = auth.uid() returning answer::text $$,
  $$ values ('if_need_be') $$, 'a member changes their own answer');
select throws_ok(
  $$ update slot_votes set slot_id = current_setting('tests.slot2')::uuid where slot_id = current_setting('tests.slot1')::uuid and user_id = auth.uid() $$,
  '23514', 'a vote cannot move to another slot', 'a vote stays on its slot');
select throws_ok(
  $$ insert into slot_votes (slot_id, answer) values (current_setting('tests.slot1')::uuid, 'yes') $$,
  '23505', 'duplicate key value violates unique constraint "slot_votes_pkey"', 'one vote per member per slot');
select throws_ok(
  $$ insert into slot_votes (slot_id, user_id, answer) values (current_setting('tests.slot2')::uuid, tests.get_user_id('mem2@test.dev'), 'yes') $$,
  '42501', 'new row violates row-level security policy for table "slot_votes"', 'a member cannot vote for someone else');
insert into slot_votes (slot_id, answer) values (current_setting('tests.slot2')::uuid, 'yes');

select tests.authenticate_as('mem2@test.dev');
insert into slot_votes (slot_id, answer) values (current_setting('tests.slot1')::uuid, 'yes'), (current_setting('tests.slot2')::uuid, 'yes');
select is_empty($$ update slot_votes set answer = 'yes' where user_id = tests.get_user_id('mem@test.dev') returning slot_id $$,
  'a member cannot change someone else''s vote');
select is_empty($$ delete from slot_votes where user_id = tests.get_user_id('mem@test.dev') returning slot_id $$,
  'a member cannot delete someone else''s vote');
select results_eq(
  $$ select starts_at, yes_count, if_need_be_count, total_count from slot_tallies
     where event_id = current_setting('tests.event')::uuid order by starts_at $$,
  $$ values ('2031-06-01 10:00Z'::timestamptz, 1, 1, 2), ('2031-06-02 10:00Z'::timestamptz, 2, 0, 2) $$,
  'members read per-slot tallies');

select tests.authenticate_as('outsider@test.dev');
select throws_ok(
  $$ insert into slot_votes (slot_id, answer) values (current_setting('tests.slot1')::uuid, 'yes') $$,
  '42501', 'new row violates row-level security policy for table "slot_votes"', 'a non-member cannot vote');
select is_empty($$ select slot_id from slot_votes $$, 'a non-member sees no votes');
select is_empty($$ select slot_id from slot_tallies $$, 'a non-member sees no tallies');

select tests.authenticate_as('mem2@test.dev');
select results_eq($$ delete from slot_votes where slot_id = current_setting('tests.slot1')::uuid and user_id = auth.uid() returning answer::text $$,
  $$ values ('yes') $$, 'a member withdraws their own vote');

-- Locking ------------------------------------------------------------------------------------------
select throws_ok($$ select lock_event_slot(current_setting('tests.slot2')::uuid) $$,
  '42501', 'only the organizer can lock the event', 'a member cannot lock the event');
select tests.authenticate_as('coorg@test.dev');
select throws_ok($$ select lock_event_slot(current_setting('tests.slot2')::uuid) $$,
  '42501', 'only the organizer can lock the event', 'a co-organizer cannot lock the event');
select throws_ok($$ update events set status = 'locked', starts_at = '2031-06-02 10:00Z' where id = current_setting('tests.event')::uuid $$,
  '23514', 'an event cannot go from draft to locked', 'nobody locks an event by updating its status');
select tests.authenticate_as('outsider@test.dev');
select is(tests.refusal($$ select lock_event_slot(current_setting('tests.slot2')::uuid) $$), 'PT404 slot_not_found',
  'a non-member cannot even find the slot');
select tests.authenticate_as_anon();
select throws_ok($$ select lock_event_slot(current_setting('tests.slot2')::uuid) $$, '42501', null, 'anon cannot lock');

select tests.authenticate_as('org@test.dev');
select results_eq($$ select status::text, starts_at, ends_at from lock_event_slot(current_setting('tests.slot1')::uuid) $$,
  $$ values ('locked', '2031-06-01 10:00Z'::timestamptz, '2031-06-01 14:00Z'::timestamptz) $$,
  'the organizer locks a slot: the event is scheduled at its time and locked');
select is(current_setting('gatherhub.locking_event', true), '', 'the lock permit does not outlive the lock');
select is(tests.refusal($$ select lock_event_slot(current_setting('tests.slot2')::uuid) $$), 'PT409 event_locked',
  'a locked event cannot be locked again');
select is(tests.refusal($$ insert into time_slots (event_id, starts_at) values (current_setting('tests.event')::uuid, '2031-06-09 10:00Z') $$),
  'PT409 event_locked', 'no new slots after the lock');

select tests.authenticate_as('mem@test.dev');
select is(tests.refusal($$ insert into slot_votes (slot_id, answer) values (current_setting('tests.slot1')::uuid, 'yes') $$),
  'PT409 event_locked', 'no votes after the lock');
select is(tests.refusal($$ update slot_votes set answer = 'yes' where user_id = auth.uid() $$), 'PT409 event_locked',
  'no changed votes after the lock');
select is(tests.refusal($$ delete from slot_votes where user_id = auth.uid() $$), 'PT409 event_locked',
  'no withdrawn votes after the lock');

select * from finish();
rollback;
