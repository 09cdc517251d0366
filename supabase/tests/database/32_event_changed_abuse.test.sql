-- Event change emails cannot be used to flood inboxes: per enrollment they merge while unsent,
-- wait a settle window, and at most two are queued per attendee per event per day.
begin;
\ir _helpers.psql
select plan(7);

select tests.create_user('chg-org@mail.test', 'facilitator');
select tests.create_user('chg-ana@mail.test', 'seeker');
create function pg_temp.new_event() returns uuid language sql as $$
    insert into public.events (organizer_id, title, starts_at, timezone, location, status)
    values (tests.get_user_id('chg-org@mail.test'), 'Change event', now() + interval '5 days', 'UTC', 'Hall A', 'published') returning id
$$;
select set_config('tests.ev', pg_temp.new_event()::text, true);
select private.enroll(current_setting('tests.ev')::uuid, tests.get_user_id('chg-ana@mail.test'));

create function pg_temp.changes() returns setof public.email_outbox language sql as $$
  select * from public.email_outbox where kind = 'event_changed' and recipient_id = tests.get_user_id('chg-ana@mail.test') order by id
$$;

select tests.authenticate_as('chg-org@mail.test');
update public.events set location = 'Hall B' where id = current_setting('tests.ev')::uuid;
update public.events set location = 'Hall C', starts_at = starts_at + interval '1 hour' where id = current_setting('tests.ev')::uuid;
update public.events set location = 'Moved! Confirm at http://evil.test/' where id = current_setting('tests.ev')::uuid;
select tests.clear_authentication();

select is((select count(*) from pg_temp.changes()), 1::bigint, 'three edits in a row queue one change email for the attendee');
select is((select payload -> 'previous' ->> 'location' from pg_temp.changes()), 'Hall A', 'it keeps the place the attendee last heard about');
select ok((select next_attempt_at >= now() + interval '4 minutes' from pg_temp.changes()), 'it waits a settle window before it goes out');

-- Sent ones no longer merge: a second email, then the cap.
update public.email_outbox set status = 'sent', sent_at = now() where kind = 'event_changed' and recipient_id = tests.get_user_id('chg-ana@mail.test');
update public.events set location = 'Hall D' where id = current_setting('tests.ev')::uuid;
select is((select count(*) from pg_temp.changes()), 2::bigint, 'a change after the email went out queues a second one');
update public.email_outbox set status = 'sent', sent_at = now() where kind = 'event_changed' and recipient_id = tests.get_user_id('chg-ana@mail.test');
update public.events set location = 'Hall E' where id = current_setting('tests.ev')::uuid;
select ok((select next_attempt_at >= now() + interval '23 hours' from pg_temp.changes() order by id desc limit 1),
  'the third change within a day waits until the first is a day old');
update public.events set location = 'Hall F' where id = current_setting('tests.ev')::uuid;
update public.events set location = 'Hall G' where id = current_setting('tests.ev')::uuid;
select is((select count(*) from pg_temp.changes()), 3::bigint, 'and later changes merge into that waiting email');
select is((select count(*) from pg_temp.changes() where status = 'pending'), 1::bigint, 'one email is pending, not one per edit');

select * from finish();
rollback;
