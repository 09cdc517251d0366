-- Poll ballots: anonymous polls (the default) show each member only their own ballots, open polls
-- show all; counts come from poll_results either way; realtime follows the same rule.
begin;
\ir _helpers.psql
select plan(14);

select tests.create_user('org@test.dev', 'facilitator');
select tests.create_user('amy@test.dev', 'seeker');
select tests.create_user('ben@test.dev', 'seeker');
select tests.create_user('out@test.dev', 'seeker');

insert into events (id, title, organizer_id) values ('0e000000-0000-4000-8000-0000000000c1', 'Secret ballot night', tests.get_user_id('org@test.dev'));
insert into event_members (event_id, user_id, role) values
  ('0e000000-0000-4000-8000-0000000000c1', tests.get_user_id('amy@test.dev'), 'member'),
  ('0e000000-0000-4000-8000-0000000000c1', tests.get_user_id('ben@test.dev'), 'member');

select tests.authenticate_as('org@test.dev');
select results_eq($$ insert into polls (event_id, question) values ('0e000000-0000-4000-8000-0000000000c1', 'Who leads?') returning ballots::text $$,
  $$ values ('anonymous'::text) $$, 'ballots are anonymous by default');
select results_eq($$ insert into polls (event_id, question, ballots) values ('0e000000-0000-4000-8000-0000000000c1', 'Pizza?', 'open') returning ballots::text $$,
  $$ values ('open'::text) $$, 'the organizer may choose open ballots');
select tests.clear_authentication();
update polls set id = '9011a000-0000-4000-8000-000000000001' where question = 'Who leads?';
update polls set id = '9011a000-0000-4000-8000-000000000002' where question = 'Pizza?';
insert into poll_options (id, poll_id, label) values
  ('0a000000-0000-4000-8000-000000000001', '9011a000-0000-4000-8000-000000000001', 'Amy'),
  ('0a000000-0000-4000-8000-000000000002', '9011a000-0000-4000-8000-000000000001', 'Ben'),
  ('0a000000-0000-4000-8000-000000000003', '9011a000-0000-4000-8000-000000000002', 'Yes');
select tests.authenticate_as('org@test.dev');
select throws_ok($$ update polls set ballots = 'open' where id = '9011a000-0000-4000-8000-000000000001' $$,
  '42501', null, 'ballots cannot change after creation (votes were cast under it)');

select tests.authenticate_as('amy@test.dev');
select lives_ok($$ select vote_in_poll('0a000000-0000-4000-8000-000000000002'); select vote_in_poll('0a000000-0000-4000-8000-000000000003') $$, 'amy votes');
select tests.authenticate_as('ben@test.dev');
select lives_ok($$ select vote_in_poll('0a000000-0000-4000-8000-000000000002'); select vote_in_poll('0a000000-0000-4000-8000-000000000003') $$, 'ben votes');

-- The attack: a member reads every ballot of the poll.
select results_eq($$ select user_id from poll_votes where poll_id = '9011a000-0000-4000-8000-000000000001' $$,
  $$ values (auth.uid()) $$, 'anonymous poll: a member sees only their own ballot');
select results_eq($$ select count(*)::int from poll_votes where poll_id = '9011a000-0000-4000-8000-000000000002' $$,
  $$ values (2) $$, 'open poll: a member sees every ballot');
select results_eq($$ select label, votes from poll_results where poll_id = '9011a000-0000-4000-8000-000000000001' order by label $$,
  $$ values ('Amy'::text, 0), ('Ben'::text, 2) $$, 'anonymous poll: the counts are complete');
select results_eq($$ select votes from poll_results where poll_id = '9011a000-0000-4000-8000-000000000002' $$,
  $$ values (2) $$, 'open poll: the counts too');

select tests.authenticate_as('org@test.dev');
select is_empty($$ select 1 from poll_votes where poll_id = '9011a000-0000-4000-8000-000000000001' $$,
  'anonymous means anonymous for the organizer too');

select tests.authenticate_as('out@test.dev');
select is_empty($$ select 1 from poll_votes $$, 'a non-member sees no ballots');
select is_empty($$ select 1 from poll_results where event_id = '0e000000-0000-4000-8000-0000000000c1' $$, 'nor counts');

-- Broadcast on event:<id>: every member reads it, so anonymous changes carry no voter.
select tests.clear_authentication();
select is_empty($$ select 1 from realtime.messages
  where topic = 'event:0e000000-0000-4000-8000-0000000000c1' and payload ->> 'table' = 'poll_votes'
    and payload -> 'record' ->> 'poll_id' = '9011a000-0000-4000-8000-000000000001' and payload -> 'record' ? 'user_id' $$,
  'anonymous poll broadcasts carry no user_id');
select results_eq($$ select count(*)::int from realtime.messages
  where topic = 'event:0e000000-0000-4000-8000-0000000000c1' and payload ->> 'table' = 'poll_votes'
    and payload -> 'record' ->> 'poll_id' = '9011a000-0000-4000-8000-000000000002' and payload -> 'record' ? 'user_id' $$,
  $$ values (2) $$, 'open poll broadcasts name the voter');

select * from finish();
rollback;
