-- Planning realtime: the publication holds exactly the live planning tables with full replica
-- identity; triggers broadcast to the private `event:<id>` topic that only members can read.
begin;
\ir _helpers.psql
select plan(11);

select set_eq(
  $$ select schemaname::text || '.' || tablename::text from pg_publication_tables where pubname = 'supabase_realtime' $$,
  array['public.slot_votes', 'public.poll_votes', 'public.tasks'],
  'supabase_realtime publishes exactly slot_votes, poll_votes and tasks'
);
select results_eq(
  $$ select c.oid::regclass::text, c.relreplident::text from pg_class c
      where c.oid in ('public.slot_votes'::regclass, 'public.poll_votes'::regclass, 'public.tasks'::regclass) order by 1 $$,
  $$ values ('poll_votes', 'f'), ('slot_votes', 'f'), ('tasks', 'f') $$,
  'published tables have full replica identity, so updates and deletes carry old values'
);
select results_eq(
  $$ select policyname::text collate "default", roles::text collate "default", cmd collate "default" from pg_policies
      where schemaname = 'realtime' and tablename = 'messages' $$,
  $$ values ('event_topics_select_by_members', '{authenticated}', 'SELECT') $$,
  'realtime.messages has one policy: authenticated members may receive, nobody may send'
);

select tests.create_user('org@test.dev', 'facilitator');
select tests.create_user('mem@test.dev', 'seeker');
select tests.create_user('outsider@test.dev', 'seeker');
with e as (
  insert into events (title, organizer_id) values ('Choir rehearsal', tests.get_user_id('org@test.dev')) returning id
) select set_config('tests.event', id::text, true) from e;
with e as (
  insert into events (title, organizer_id) values ('Other plans', tests.get_user_id('outsider@test.dev')) returning id
) select set_config('tests.other_event', id::text, true) from e;
insert into event_members (event_id, user_id, role) values (current_setting('tests.event')::uuid, tests.get_user_id('mem@test.dev'), 'member');
with s as (
  insert into time_slots (event_id, starts_at) values (current_setting('tests.event')::uuid, '2031-01-01 18:00Z') returning id
) select set_config('tests.slot', id::text, true) from s;
insert into tasks (event_id, title, assignee_id) values (current_setting('tests.event')::uuid, 'Print sheets', tests.get_user_id('mem@test.dev'));
delete from realtime.messages;

-- Changes are broadcast to the event's private topic ---------------------------------------------------
select tests.authenticate_as('mem@test.dev');
insert into slot_votes (slot_id, answer) values (current_setting('tests.slot')::uuid, 'yes');
update tasks set status = 'doing' where title = 'Print sheets';
select tests.clear_authentication();
select results_eq(
  $$ select topic, event, private, extension, payload ->> 'table', payload -> 'record' ->> 'answer' from realtime.messages
      where payload ->> 'table' = 'slot_votes' $$,
  $$ values ('event:' || current_setting('tests.event'), 'INSERT', true, 'broadcast', 'slot_votes', 'yes') $$,
  'a vote is broadcast privately to event:<id>'
);
select results_eq(
  $$ select event, payload -> 'old_record' ->> 'status', payload -> 'record' ->> 'status' from realtime.messages where payload ->> 'table' = 'tasks' $$,
  $$ values ('UPDATE', 'todo', 'doing') $$,
  'a task update is broadcast with its old and new values'
);

-- Who may receive: members of the event, on its topic only -----------------------------------------------
select tests.authenticate_as('mem@test.dev');
select set_config('realtime.topic', 'event:' || current_setting('tests.event'), true);
select is((select count(*) from realtime.messages), 2::bigint, 'a member receives the event''s broadcasts');
select throws_ok(
  $$ insert into realtime.messages (topic, extension, event, payload, private)
     values ('event:' || current_setting('tests.event'), 'broadcast', 'INSERT', '{}', true) $$,
  '42501', 'new row violates row-level security policy for table "messages"', 'a member cannot broadcast on the event topic');
select set_config('realtime.topic', 'event:' || current_setting('tests.other_event'), true);
select is_empty($$ select id from realtime.messages $$, 'a member cannot join the topic of an event they are not in');

select tests.authenticate_as('outsider@test.dev');
select set_config('realtime.topic', 'event:' || current_setting('tests.event'), true);
select is_empty($$ select id from realtime.messages $$, 'a non-member cannot join the event topic');
select set_config('realtime.topic', 'event:not-a-uuid', true);
select is_empty($$ select id from realtime.messages $$, 'a malformed topic admits nobody');

select tests.authenticate_as_anon();
select set_config('realtime.topic', 'event:' || current_setting('tests.event'), true);
select is_empty($$ select id from realtime.messages $$, 'anon cannot join the event topic');

select * from finish();
rollback;
