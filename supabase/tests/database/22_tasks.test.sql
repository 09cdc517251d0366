-- Tasks: organizers and co-organizers manage them, assignees must be members and may change only
-- the status of their own tasks, members read, nobody else sees anything.
begin;
\ir _helpers.psql
select plan(25);

select tests.create_user('org@test.dev', 'facilitator');
select tests.create_user('coorg@test.dev', 'facilitator');
select tests.create_user('mem@test.dev', 'seeker');
select tests.create_user('mem2@test.dev', 'seeker');
select tests.create_user('outsider@test.dev', 'seeker');

with e as (
  insert into events (title, organizer_id) values ('Street cleanup', tests.get_user_id('org@test.dev')) returning id
) select set_config('tests.event', id::text, true) from e;
insert into event_members (event_id, user_id, role) values
  (current_setting('tests.event')::uuid, tests.get_user_id('coorg@test.dev'), 'co_organizer'),
  (current_setting('tests.event')::uuid, tests.get_user_id('mem@test.dev'), 'member'),
  (current_setting('tests.event')::uuid, tests.get_user_id('mem2@test.dev'), 'member');

-- Creating and assigning -------------------------------------------------------------------------
select tests.authenticate_as('org@test.dev');
select results_eq(
  $$ insert into tasks (event_id, title, assignee_id, due_at, position)
     values (current_setting('tests.event')::uuid, 'Bring gloves', tests.get_user_id('mem@test.dev'), '2031-05-01Z', 1)
     returning title, status::text, assignee_id $$,
  $$ values ('Bring gloves', 'todo', tests.get_user_id('mem@test.dev')) $$, 'the organizer creates and assigns a task');
select throws_ok(
  $$ insert into tasks (event_id, title, assignee_id) values (current_setting('tests.event')::uuid, 'Outsourced', tests.get_user_id('outsider@test.dev')) $$,
  '23503', 'insert or update on table "tasks" violates foreign key constraint "tasks_assignee_is_member"', 'the assignee must be a member');
select tests.authenticate_as('coorg@test.dev');
select results_eq(
  $$ insert into tasks (event_id, title, position) values (current_setting('tests.event')::uuid, 'Book skip', 2) returning title $$,
  $$ values ('Book skip') $$, 'a co-organizer creates a task');
select results_eq($$ update tasks set notes = 'Large one' where title = 'Book skip' returning notes $$,
  $$ values ('Large one') $$, 'a co-organizer edits a task');

select tests.authenticate_as('mem@test.dev');
select throws_ok($$ insert into tasks (event_id, title) values (current_setting('tests.event')::uuid, 'My idea') $$,
  '42501', 'new row violates row-level security policy for table "tasks"', 'a member cannot create tasks');
select is((select count(*) from tasks), 2::bigint, 'a member reads the event''s tasks');

-- The assignee moves their own task, and only its status ---------------------------------------------
select results_eq($$ update tasks set status = 'doing' where title = 'Bring gloves' returning status::text $$,
  $$ values ('doing') $$, 'the assignee moves their task');
select throws_ok($$ update tasks set title = 'Bring nothing' where title = 'Bring gloves' $$,
  '42501', 'an assignee may change only the status of their task', 'the assignee cannot retitle their task');
select throws_ok($$ update tasks set position = 0 where title = 'Bring gloves' $$,
  '42501', 'an assignee may change only the status of their task', 'the assignee cannot reorder their task');
select throws_ok($$ update tasks set assignee_id = tests.get_user_id('mem2@test.dev') where title = 'Bring gloves' $$,
  '42501', 'an assignee may change only the status of their task', 'the assignee cannot hand the task to someone else');
select is_empty($$ update tasks set assignee_id = auth.uid() where title = 'Book skip' returning id $$,
  'a member cannot assign tasks, not even to themselves');
select is_empty($$ delete from tasks returning id $$, 'a member cannot delete tasks');

select tests.authenticate_as('mem2@test.dev');
select is_empty($$ update tasks set status = 'done' where title = 'Bring gloves' returning id $$,
  'a member cannot move someone else''s task');

select tests.authenticate_as('outsider@test.dev');
select is_empty($$ select id from tasks $$, 'a non-member sees no tasks');
select is_empty($$ update tasks set status = 'done' returning id $$, 'a non-member cannot move tasks');
select throws_ok($$ insert into tasks (event_id, title) values (current_setting('tests.event')::uuid, 'Intrusion') $$,
  '42501', 'new row violates row-level security policy for table "tasks"', 'a non-member cannot create tasks');
select tests.authenticate_as_anon();
select throws_ok($$ select id from tasks $$, '42501', null, 'anon cannot read tasks');

-- Organizers manage everything --------------------------------------------------------------------------
select tests.authenticate_as('org@test.dev');
select results_eq($$ update tasks set assignee_id = tests.get_user_id('mem2@test.dev'), position = 5 where title = 'Book skip' returning position $$,
  $$ values (5) $$, 'the organizer assigns and reorders');
select results_eq($$ update tasks set status = 'done' where title = 'Bring gloves' returning status::text $$,
  $$ values ('done') $$, 'the organizer completes a task');
select throws_ok($$ update tasks set assignee_id = tests.get_user_id('outsider@test.dev') where title = 'Book skip' $$,
  '23503', 'insert or update on table "tasks" violates foreign key constraint "tasks_assignee_is_member"', 'reassigning to a non-member is refused');
select throws_ok($$ update tasks set status = 'blocked' where title = 'Book skip' $$,
  '22P02', 'invalid input value for enum task_status: "blocked"', 'status is todo, doing or done');

select tests.authenticate_as('mem2@test.dev');
select results_eq($$ update tasks set status = 'doing' where title = 'Book skip' returning status::text $$,
  $$ values ('doing') $$, 'the new assignee moves the task');
delete from event_members where user_id = auth.uid();
select tests.authenticate_as('org@test.dev');
select results_eq($$ select assignee_id from tasks where title = 'Book skip' $$,
  $$ values (null::uuid) $$, 'a member who leaves is unassigned from their tasks');
select is_empty($$ update tasks set status = 'todo' where title = 'Book skip' and assignee_id = tests.get_user_id('mem2@test.dev') returning id $$,
  'a former assignee has nothing left to move');
select results_eq($$ delete from tasks where title = 'Book skip' returning title $$, $$ values ('Book skip') $$, 'the organizer deletes a task');

select * from finish();
rollback;
