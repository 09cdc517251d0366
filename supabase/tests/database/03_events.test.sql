-- Events and membership: who creates, reads, updates and deletes events; slug, status and
-- capacity rules; joining and leaving.
begin;
\ir _helpers.psql
select plan(34);

select tests.create_user('fac@test.dev', 'facilitator');
select tests.create_user('cofac@test.dev', 'facilitator');
select tests.create_user('seek@test.dev', 'seeker');
select tests.create_user('creator@test.dev', 'creator');
select tests.create_admin('admin@test.dev');

-- Creating -----------------------------------------------------------------------------------------
select tests.authenticate_as('seek@test.dev');
select throws_ok($$ insert into events (title, starts_at) values ('Seeker party', now() + interval '1 day') $$,
  '42501', null, 'a seeker cannot create events');
select tests.authenticate_as('creator@test.dev');
select throws_ok($$ insert into events (title, starts_at) values ('Creator party', now() + interval '1 day') $$,
  '42501', null, 'a creator cannot create events');
select tests.authenticate_as_anon();
select throws_ok($$ insert into events (title) values ('Anon party') $$, '42501', null, 'anon cannot create events');

select tests.authenticate_as('fac@test.dev');
insert into events (title, description, location, starts_at, ends_at, timezone, capacity, tags, status)
values ('Morning Yoga in the Park!', 'Bring a mat', 'Vondelpark, Amsterdam', now() + interval '2 days',
        now() + interval '2 days 1 hour', 'Europe/Amsterdam', 2, '{yoga,outdoor}', 'published');
insert into events (title, starts_at) values ('Secret draft', now() + interval '3 days');
select ok((select slug ~ '^morning-yoga-in-the-park-[0-9a-f]{6}$' from events where title = 'Morning Yoga in the Park!'), 'slug is made from the title');
select is((select role::text from event_members m join events e on e.id = m.event_id
           where e.title = 'Secret draft' and m.user_id = auth.uid()), 'organizer', 'the creator becomes the organizer');
select throws_ok($$ insert into events (title, organizer_id) values ('Impersonation', tests.get_user_id('cofac@test.dev')) $$,
  '42501', null, 'a facilitator cannot create an event for someone else');
select throws_ok($$ insert into events (title, timezone) values ('Bad zone', 'Mars/Olympus') $$, '23514', null, 'the timezone must be a valid IANA name');
select throws_ok($$ insert into events (title, timezone) values ('Abbrev zone', 'EST') $$, '23514', null, 'zone abbreviations are refused');
select throws_ok($$ insert into events (title, starts_at, ends_at) values ('Backwards', now() + interval '2 days', now() + interval '1 day') $$,
  '23514', null, 'ends_at must be after starts_at');
select throws_ok($$ insert into events (title, capacity) values ('Zero seats', 0) $$, '23514', null, 'capacity must be positive');
select throws_ok($$ insert into events (title, status) values ('Unscheduled', 'published') $$, '23514', null, 'a published event needs a start time');

-- Reading ------------------------------------------------------------------------------------------
select tests.authenticate_as_anon();
select is((select count(*) from events where title = 'Morning Yoga in the Park!'), 1::bigint, 'anon reads published events');
select is_empty($$ select 1 from events where title = 'Secret draft' $$, 'anon cannot see drafts');
select tests.authenticate_as('seek@test.dev');
select is_empty($$ select 1 from events where title = 'Secret draft' $$, 'a non-member cannot see drafts');

-- Membership: organizer adds a co-organizer and a member to the draft ------------------------------
select tests.authenticate_as('fac@test.dev');
insert into event_members (event_id, user_id, role)
select id, tests.get_user_id('cofac@test.dev'), 'co_organizer' from events where title = 'Secret draft';
insert into event_members (event_id, user_id, role)
select id, tests.get_user_id('seek@test.dev'), 'member' from events where title = 'Secret draft';
select tests.authenticate_as('seek@test.dev');
select is((select count(*) from events where title = 'Secret draft'), 1::bigint, 'a member sees the draft');
select is((select count(*) from event_members m join events e on e.id = m.event_id where e.title = 'Secret draft'), 3::bigint, 'a member sees the member list');
select is_empty($$ update events set title = 'Hijacked' where title = 'Secret draft' returning id $$, 'a plain member cannot update the event');
select throws_ok($$ insert into event_members (event_id, user_id, role) select id, tests.get_user_id('creator@test.dev'), 'member' from events where title = 'Secret draft' $$,
  '42501', null, 'a member cannot add members to a draft');
select throws_ok($$ insert into event_members (event_id, user_id, role) select id, auth.uid(), 'organizer' from events where title = 'Morning Yoga in the Park!' $$,
  '42501', null, 'nobody joins as organizer');

select tests.authenticate_as('creator@test.dev');
select lives_ok($$ insert into event_members (event_id, user_id) select id, auth.uid() from events where title = 'Morning Yoga in the Park!' $$,
  'anyone signed in joins a published event as a member');
select throws_ok($$ insert into event_members (event_id, user_id) values (tests.event_id('Secret draft'), auth.uid()) $$,
  '42501', null, 'nobody joins a draft by themselves');
select results_eq($$ delete from event_members where user_id = auth.uid() returning role::text $$, $$ values ('member') $$, 'a member leaves');

-- Updating -----------------------------------------------------------------------------------------
select tests.authenticate_as('cofac@test.dev');
select results_eq($$ update events set title = 'Secret draft v2' where title = 'Secret draft' returning title $$,
  $$ values ('Secret draft v2') $$, 'a co-organizer updates the event');
select ok((select slug like 'secret-draft-%' from events where title = 'Secret draft v2'), 'the slug stays when the title changes');
select is_empty($$ delete from event_members where role = 'organizer' and event_id = tests.event_id('Secret draft v2') returning user_id $$,
  'the organizer cannot be removed');
select is_empty($$ delete from events where title = 'Secret draft v2' returning id $$, 'a co-organizer cannot delete the event');

select tests.authenticate_as('fac@test.dev');
select throws_ok($$ update events set status = 'locked' where title = 'Secret draft v2' $$, '23514', null, 'clients cannot lock an event directly');
select throws_ok($$ update events set slug = 'custom' where title = 'Secret draft v2' $$, '42501', null, 'the slug is not writable');
select throws_ok($$ update events set enrolled_count = 0 where title = 'Secret draft v2' $$, '42501', null, 'counts are not writable by clients');

-- Capacity cannot drop below the number enrolled; deleting needs an empty event.
select tests.clear_authentication();
select private.enroll(id, tests.get_user_id('seek@test.dev')) from events where title = 'Morning Yoga in the Park!';
select private.enroll(id, tests.get_user_id('creator@test.dev')) from events where title = 'Morning Yoga in the Park!';
select tests.authenticate_as('fac@test.dev');
select throws_ok($$ update events set capacity = 1 where title = 'Morning Yoga in the Park!' $$, '23514', null, 'capacity cannot drop below the number enrolled');
select throws_ok($$ delete from events where title = 'Morning Yoga in the Park!' $$, '23503', null, 'an event with enrollments cannot be deleted');
select results_eq($$ update events set status = 'cancelled' where title = 'Morning Yoga in the Park!' returning status::text $$,
  $$ values ('cancelled') $$, 'the organizer cancels instead');
select results_eq($$ delete from events where title = 'Secret draft v2' returning title $$, $$ values ('Secret draft v2') $$, 'the organizer deletes an empty draft');

-- Admins create events too.
select tests.authenticate_as('admin@test.dev');
select lives_ok($$ insert into events (title, starts_at) values ('Admin meetup', now() + interval '5 days') $$, 'an admin creates events');

select * from finish();
rollback;
