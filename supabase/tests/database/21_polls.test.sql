-- Polls: organizers ask, members vote for themselves only, single choice switches atomically,
-- closed polls refuse votes in the database, results stay among members.
begin;
\ir _helpers.psql
select plan(28);

select tests.create_user('org@test.dev', 'facilitator');
select tests.create_user('mem@test.dev', 'seeker');
select tests.create_user('mem2@test.dev', 'seeker');
select tests.create_user('outsider@test.dev', 'seeker');

with e as (
  insert into events (title, organizer_id) values ('Board game night', tests.get_user_id('org@test.dev')) returning id
) select set_config('tests.event', id::text, true) from e;
insert into event_members (event_id, user_id, role) values
  (current_setting('tests.event')::uuid, tests.get_user_id('mem@test.dev'), 'member'),
  (current_setting('tests.event')::uuid, tests.get_user_id('mem2@test.dev'), 'member');

-- Organizer sets up polls ---------------------------------------------------------------------------
select tests.authenticate_as('org@test.dev');
select results_eq(
  $$ insert into polls (event_id, question, choice, closes_at)
     values (current_setting('tests.event')::uuid, 'Which game?', 'single', now() + interval '1 day') returning question, choice::text $$,
  $$ values ('Which game?', 'single') $$, 'the organizer creates a single-choice poll');
insert into polls (event_id, question, choice) values (current_setting('tests.event')::uuid, 'Snacks?', 'multiple');
insert into polls (event_id, question, closes_at) values (current_setting('tests.event')::uuid, 'Too late?', now() - interval '1 minute');
select results_eq(
  $$ insert into poll_options (poll_id, label, position)
     select p.id, o.label, o.position from polls p, (values ('Catan', 1), ('Azul', 2), ('Go', 3)) o(label, position)
      where p.question = 'Which game?' returning event_id $$,
  $$ values (current_setting('tests.event')::uuid), (current_setting('tests.event')::uuid), (current_setting('tests.event')::uuid) $$,
  'options take their poll''s event');
insert into poll_options (poll_id, label) select p.id, o.label from polls p, (values ('Chips'), ('Fruit')) o(label) where p.question = 'Snacks?';
insert into poll_options (poll_id, label) select id, 'Yes' from polls where question = 'Too late?';
create temporary table opt on commit drop as select o.label, o.id from poll_options o;
grant select on opt to authenticated;

select tests.authenticate_as('mem@test.dev');
select throws_ok($$ insert into polls (event_id, question) values (current_setting('tests.event')::uuid, 'Mine?') $$,
  '42501', 'new row violates row-level security policy for table "polls"', 'a member cannot create polls');
select throws_ok($$ insert into poll_options (poll_id, label) select id, 'Chess' from polls where question = 'Which game?' $$,
  '42501', 'new row violates row-level security policy for table "poll_options"', 'a member cannot add options');
select is_empty($$ update polls set closes_at = null returning id $$, 'a member cannot reopen or edit polls');
select throws_ok($$ update polls set choice = 'multiple' $$, '42501', 'permission denied for table polls', 'nobody switches a poll''s kind');
select is((select count(*) from polls), 3::bigint, 'a member reads the event''s polls');

-- Single choice: switching replaces the vote ------------------------------------------------------
select results_eq($$ select user_id, single_choice from vote_in_poll((select id from opt where label = 'Catan')) $$,
  $$ values (auth.uid(), true) $$, 'a member votes in a single-choice poll');
select results_eq($$ select option_id from vote_in_poll((select id from opt where label = 'Azul')) $$,
  $$ select id from opt where label = 'Azul' $$, 'voting again switches the vote');
select results_eq($$ select o.label from poll_votes v join opt o on o.id = v.option_id where v.user_id = auth.uid() $$,
  $$ values ('Azul') $$, 'the switched vote replaced the old one: one vote per member per single-choice poll');
select throws_ok($$ insert into poll_votes (option_id) values ((select id from opt where label = 'Go')) $$,
  '23505', 'duplicate key value violates unique constraint "poll_votes_one_per_single_choice_poll"',
  'a second plain insert in a single-choice poll is refused');

-- Multiple choice ------------------------------------------------------------------------------------
select vote_in_poll((select id from opt where label = 'Chips'));
select vote_in_poll((select id from opt where label = 'Fruit'));
select vote_in_poll((select id from opt where label = 'Fruit'));
select results_eq($$ select o.label from poll_votes v join opt o on o.id = v.option_id join polls p on p.id = v.poll_id
                     where v.user_id = auth.uid() and p.question = 'Snacks?' order by 1 $$,
  $$ values ('Chips'), ('Fruit') $$, 'a multiple-choice poll keeps one vote per chosen option');
select results_eq($$ delete from poll_votes where option_id = (select id from opt where label = 'Chips') and user_id = auth.uid() returning user_id $$,
  $$ values (auth.uid()) $$, 'a member withdraws one of their options');

-- Only for oneself -----------------------------------------------------------------------------------
select throws_ok($$ insert into poll_votes (option_id, user_id) values ((select id from opt where label = 'Chips'), tests.get_user_id('mem2@test.dev')) $$,
  '42501', 'new row violates row-level security policy for table "poll_votes"', 'a member cannot vote for someone else');
select tests.authenticate_as('mem2@test.dev');
select vote_in_poll((select id from opt where label = 'Azul'));
select is_empty($$ update poll_votes set option_id = (select id from opt where label = 'Go') where user_id = tests.get_user_id('mem@test.dev') returning option_id $$,
  'a member cannot change someone else''s vote');
select is_empty($$ delete from poll_votes where user_id = tests.get_user_id('mem@test.dev') returning option_id $$,
  'a member cannot delete someone else''s vote');
select results_eq($$ select label, votes from poll_results where poll_id = (select id from polls where question = 'Which game?') order by position $$,
  $$ values ('Catan', 0), ('Azul', 2), ('Go', 0) $$, 'members read per-option results');

-- Non-members and anon -------------------------------------------------------------------------------
select tests.authenticate_as('outsider@test.dev');
select is_empty($$ select id from polls $$, 'a non-member sees no polls');
select is_empty($$ select option_id from poll_results $$, 'a non-member sees no results');
select is_empty($$ select option_id from poll_votes $$, 'a non-member sees no votes');
select is(tests.refusal($$ select vote_in_poll((select id from opt where label = 'Go')) $$), 'PT404 option_not_found',
  'a non-member cannot find an option to vote for');
select throws_ok($$ insert into poll_votes (option_id) values ((select id from opt where label = 'Go')) $$,
  '42501', 'new row violates row-level security policy for table "poll_votes"', 'a non-member cannot insert a vote');
select tests.authenticate_as_anon();
select throws_ok($$ select id from polls $$, '42501', null, 'anon cannot read polls');
select throws_ok($$ select vote_in_poll(gen_random_uuid()) $$, '42501', null, 'anon cannot vote');

-- Closed polls -------------------------------------------------------------------------------------
select tests.authenticate_as('mem@test.dev');
select is(tests.refusal($$ select vote_in_poll((select id from opt where label = 'Yes')) $$), 'PT409 poll_closed',
  'a vote after closes_at is refused by the database');
select tests.authenticate_as('org@test.dev');
select results_eq($$ update polls set closes_at = now() where question = 'Which game?' returning question $$,
  $$ values ('Which game?') $$, 'the organizer closes a poll');
select tests.authenticate_as('mem@test.dev');
select is(tests.refusal($$ select vote_in_poll((select id from opt where label = 'Go')) $$), 'PT409 poll_closed',
  'a closed poll refuses switching');
select is(tests.refusal($$ delete from poll_votes where user_id = auth.uid() and option_id = (select id from opt where label = 'Azul') $$),
  'PT409 poll_closed', 'a closed poll refuses withdrawing a vote');

select * from finish();
rollback;
