-- Email outbox: who reads it, what each write enqueues, the scheduled follow-ups and reminders
-- (dedupe, DST, re-timing), and the claim / mark semantics the dispatcher relies on.
begin;
\ir _helpers.psql
select plan(56);

select tests.create_user('org@mail.test', 'facilitator');
select tests.create_user('ana@mail.test', 'seeker');
select tests.create_user('ben@mail.test', 'seeker');
select tests.create_user('cat@mail.test', 'seeker');
select tests.create_admin('admin@mail.test');

create function pg_temp.event(title text, starts timestamptz, tz text default 'Europe/Berlin', cap integer default null) returns uuid
language sql as $$
  insert into public.events (organizer_id, title, starts_at, timezone, capacity, status)
  values (tests.get_user_id('org@mail.test'), title, starts, tz, cap, 'published') returning id
$$;
create function pg_temp.outbox(email text, k public.email_kind) returns setof public.email_outbox
language sql as $$
  select * from public.email_outbox where recipient_id = tests.get_user_id(email) and kind = k
$$;
create function pg_temp.n(email text, k public.email_kind) returns bigint
language sql as $$ select count(*) from pg_temp.outbox(email, k) $$;

select set_config('tests.ev', pg_temp.event('Outbox event', now() + interval '3 days', 'Europe/Berlin', 1)::text, true);

-- Enqueue on enrollment transitions ------------------------------------------------------------
select private.enroll(current_setting('tests.ev')::uuid, tests.get_user_id('ana@mail.test'));
select is(pg_temp.n('ana@mail.test', 'enrollment_confirmed'), 1::bigint, 'enrolling enqueues one confirmation');
select row_eq(
  $$ select recipient_email, subject_table, status::text, next_attempt_at <= now() from pg_temp.outbox('ana@mail.test', 'enrollment_confirmed') $$,
  row('ana@mail.test'::text, 'enrollments'::text, 'pending'::text, true),
  'the confirmation is pending, due now, addressed to the user, about the enrollment'
);
select private.enroll(current_setting('tests.ev')::uuid, tests.get_user_id('ben@mail.test'));
select is((select payload ->> 'waitlist_position' from pg_temp.outbox('ben@mail.test', 'waitlisted')), '1', 'a full event enqueues a waitlisted email with the position');
select is(pg_temp.n('ben@mail.test', 'enrollment_confirmed'), 0::bigint, 'no confirmation for a waitlisted person');

select private.cancel_enrollment(current_setting('tests.ev')::uuid, tests.get_user_id('ana@mail.test'));
select is(pg_temp.n('ana@mail.test', 'enrollment_cancelled'), 1::bigint, 'cancelling enqueues one cancellation');
select is(pg_temp.n('ana@mail.test', 'enrollment_confirmed'), 0::bigint, 'cancelling drops the enrollment''s pending emails');
select is(pg_temp.n('ben@mail.test', 'waitlist_promoted'), 1::bigint, 'the freed seat enqueues a promotion email for the next in line');

-- Re-enrolling is a new transition: a new key, so a new email.
update public.events set capacity = 5 where id = current_setting('tests.ev')::uuid;
select private.enroll(current_setting('tests.ev')::uuid, tests.get_user_id('ana@mail.test'));
select is(pg_temp.n('ana@mail.test', 'enrollment_confirmed'), 1::bigint, 're-enrolling after cancelling enqueues a fresh confirmation');
select is(pg_temp.n('ana@mail.test', 'enrollment_cancelled'), 1::bigint, 'the earlier cancellation email is kept');

-- Dedupe key is unique.
select throws_ok(
  format($$ insert into public.email_outbox (kind, recipient_email, subject_table, subject_id, dedupe_key) values ('event_reminder', 'x@mail.test', 'events', gen_random_uuid(), %L) $$,
    (select dedupe_key from pg_temp.outbox('ben@mail.test', 'waitlist_promoted'))),
  '23505', null, 'a dedupe key is used at most once'
);

-- Event changes ------------------------------------------------------------------------------------
select private.enroll(current_setting('tests.ev')::uuid, tests.get_user_id('cat@mail.test'));
update public.events set title = 'Outbox event, renamed' where id = current_setting('tests.ev')::uuid;
select is((select count(*) from public.email_outbox where kind = 'event_changed' and event_id = current_setting('tests.ev')::uuid), 0::bigint,
  'a title change sends no change email');
update public.events set location = 'Tempelhofer Feld' where id = current_setting('tests.ev')::uuid;
select is((select count(*) from public.email_outbox where kind = 'event_changed' and event_id = current_setting('tests.ev')::uuid), 3::bigint,
  'a new place enqueues one change email per enrolled person');
select is((select payload -> 'previous' ->> 'location' from pg_temp.outbox('ana@mail.test', 'event_changed')), '', 'the change email carries the previous place');

-- Scheduled follow-ups ----------------------------------------------------------------------------
select is((select count(*) from pg_temp.outbox('ben@mail.test', 'enrollment_follow_up')), 0::bigint, 'no follow-up before the job runs');
update public.enrollments set enrolled_at = now() - interval '59 minutes' where user_id = tests.get_user_id('ben@mail.test');
select private.enqueue_scheduled_emails();
select is(pg_temp.n('ben@mail.test', 'enrollment_follow_up'), 0::bigint, 'no follow-up for an enrollment younger than an hour');
update public.enrollments set enrolled_at = now() - interval '61 minutes' where user_id = tests.get_user_id('ben@mail.test');
select private.enqueue_scheduled_emails();
select private.enqueue_scheduled_emails();
select private.enqueue_scheduled_emails();
select is(pg_temp.n('ben@mail.test', 'enrollment_follow_up'), 1::bigint, 'three runs enqueue the follow-up once');
select is((select next_attempt_at from pg_temp.outbox('ben@mail.test', 'enrollment_follow_up')),
  (select enrolled_at + interval '1 hour' from public.enrollments where user_id = tests.get_user_id('ben@mail.test')), 'the follow-up is due an hour after enrolling');
select is(pg_temp.n('ana@mail.test', 'enrollment_follow_up'), 0::bigint, 'a fresh enrollment gets no follow-up yet');

-- Scheduled reminders ------------------------------------------------------------------------------
select set_config('tests.soon', pg_temp.event('Starts soon', now() + interval '30 minutes', 'America/New_York')::text, true);
select set_config('tests.later', pg_temp.event('Starts later', now() + interval '61 minutes', 'America/New_York')::text, true);
select private.enroll(current_setting('tests.soon')::uuid, tests.get_user_id('cat@mail.test'));
select private.enroll(current_setting('tests.later')::uuid, tests.get_user_id('cat@mail.test'));
select is(private.enqueue_scheduled_emails() >= 1, true, 'the job reports what it enqueued');
select is(private.enqueue_scheduled_emails(), 0, 'a second run enqueues nothing new');
select is((select count(*) from public.email_outbox where kind = 'event_reminder' and event_id = current_setting('tests.soon')::uuid), 1::bigint,
  'an event within the hour gets one reminder per enrolled person');
select is((select count(*) from public.email_outbox where kind = 'event_reminder' and event_id = current_setting('tests.later')::uuid), 0::bigint,
  'an event more than an hour away gets no reminder yet');
select is((select next_attempt_at from public.email_outbox where kind = 'event_reminder' and event_id = current_setting('tests.soon')::uuid),
  now() + interval '30 minutes' - interval '1 hour', 'the reminder is due one hour before the start');
update public.events set starts_at = now() + interval '45 minutes' where id = current_setting('tests.soon')::uuid;
select is((select next_attempt_at from public.email_outbox where kind = 'event_reminder' and event_id = current_setting('tests.soon')::uuid),
  now() - interval '15 minutes', 'moving the event re-times its pending reminder');
select is((select count(*) from public.email_outbox where kind = 'event_changed' and event_id = current_setting('tests.soon')::uuid), 1::bigint,
  'and tells the enrolled person about the new time');
select private.cancel_enrollment(current_setting('tests.soon')::uuid, tests.get_user_id('cat@mail.test'));
select is((select count(*) from public.email_outbox where kind = 'event_reminder' and event_id = current_setting('tests.soon')::uuid), 0::bigint,
  'cancelling the enrollment drops its pending reminder');

-- Daylight saving: Berlin moves to CEST on 2027-03-28; a 10:00 event the day after is reminded at 09:00.
select set_config('tests.dst', pg_temp.event('After the switch', '2027-03-29 10:00 Europe/Berlin', 'Europe/Berlin')::text, true);
select private.enroll(current_setting('tests.dst')::uuid, tests.get_user_id('ana@mail.test'));
select private.enqueue_scheduled_emails('2027-03-29 08:55 Europe/Berlin');
select is((select count(*) from public.email_outbox where kind = 'event_reminder' and event_id = current_setting('tests.dst')::uuid), 0::bigint,
  'DST: no reminder 65 minutes before');
select private.enqueue_scheduled_emails('2027-03-29 09:00 Europe/Berlin');
select private.enqueue_scheduled_emails('2027-03-29 09:05 Europe/Berlin');
select is((select count(*) from public.email_outbox where kind = 'event_reminder' and event_id = current_setting('tests.dst')::uuid), 1::bigint,
  'DST: the reminder is enqueued once within the hour');
select is((select (next_attempt_at at time zone 'Europe/Berlin')::text from public.email_outbox where kind = 'event_reminder' and event_id = current_setting('tests.dst')::uuid),
  '2027-03-29 09:00:00', 'DST: due at 09:00 Berlin time');
update public.events set starts_at = '2027-03-29 11:30 Europe/Berlin' where id = current_setting('tests.dst')::uuid;
select is((select (next_attempt_at at time zone 'Europe/Berlin')::text from public.email_outbox where kind = 'event_reminder' and event_id = current_setting('tests.dst')::uuid),
  '2027-03-29 10:30:00', 'DST: rescheduling moves the pending reminder');

-- Event cancellation --------------------------------------------------------------------------------
update public.events set status = 'cancelled' where id = current_setting('tests.ev')::uuid;
select is((select count(*) from public.email_outbox where kind = 'event_cancelled' and event_id = current_setting('tests.ev')::uuid), 3::bigint,
  'cancelling the event enqueues one email per enrolled or waitlisted person');
select is((select count(*) from public.email_outbox where event_id = current_setting('tests.ev')::uuid and status = 'pending'
  and kind in ('enrollment_follow_up', 'event_changed')), 0::bigint, 'and drops its pending follow-ups and change emails');

-- Who may read and write the outbox ------------------------------------------------------------------
select tests.authenticate_as('admin@mail.test');
select ok((select count(*) from public.email_outbox) > 0, 'an admin reads the outbox');
select tests.authenticate_as('ana@mail.test');
select is_empty('select id from public.email_outbox', 'a seeker reads no outbox row, not even their own');
select throws_ok($$ insert into public.email_outbox (kind, recipient_email, subject_table, subject_id, dedupe_key) values ('event_reminder', 'x@mail.test', 'events', gen_random_uuid(), 'x') $$,
  '42501', null, 'a user cannot write the outbox');
select throws_ok('select * from public.claim_email_batch(10)', '42501', null, 'a user cannot claim emails');
select throws_ok('select public.mark_email_sent(1)', '42501', null, 'a user cannot mark emails sent');
select tests.authenticate_as_anon();
select throws_ok('select id from public.email_outbox', '42501', null, 'anon cannot read the outbox');

-- Claim and mark -----------------------------------------------------------------------------------
select tests.clear_authentication();
update public.email_outbox set next_attempt_at = now() + interval '1 day';
insert into public.email_outbox (kind, recipient_email, subject_table, subject_id, dedupe_key, next_attempt_at, max_attempts)
values ('event_reminder', 'due@mail.test', 'events', gen_random_uuid(), 'test:due', now() - interval '1 minute', 2),
       ('event_reminder', 'later@mail.test', 'events', gen_random_uuid(), 'test:later', now() + interval '1 minute', 2),
       ('event_reminder', 'ok@mail.test', 'events', gen_random_uuid(), 'test:ok', now() - interval '2 minutes', 2);
select tests.authenticate_as_service_role();
select results_eq('select dedupe_key from public.claim_email_batch(10)', $$ values ('test:due'), ('test:ok') $$, 'claim returns the due rows only');
select row_eq($$ select status::text, attempts, next_attempt_at from public.email_outbox where dedupe_key = 'test:due' $$,
  row('sending'::text, 1, now() + interval '5 minutes'), 'a claimed row is sending, counts the attempt and holds a lease');
select is_empty('select id from public.claim_email_batch(10)', 'a leased row is not claimed again');
select is(public.mark_email_sent((select id from public.email_outbox where dedupe_key = 'test:ok')), true, 'mark sent');
select row_eq($$ select status::text, sent_at from public.email_outbox where dedupe_key = 'test:ok' $$, row('sent'::text, now()), 'a sent row records when');
select is(public.mark_email_sent((select id from public.email_outbox where dedupe_key = 'test:ok')), false, 'a row is marked sent once');
select is(public.mark_email_failed((select id from public.email_outbox where dedupe_key = 'test:due'), 'connection refused'), 'failed'::public.email_status,
  'a first failure leaves the row to retry');
select row_eq($$ select last_error, next_attempt_at from public.email_outbox where dedupe_key = 'test:due' $$,
  row('connection refused'::text, now() + interval '1 minute'), 'it backs off one minute and keeps the error');
update public.email_outbox set next_attempt_at = now() - interval '1 second' where dedupe_key = 'test:due';
select results_eq('select dedupe_key, attempts from public.claim_email_batch(10)', $$ values ('test:due'::text, 2) $$, 'a failed row is claimed again once due');
select is(public.mark_email_failed((select id from public.email_outbox where dedupe_key = 'test:due'), 'still refused'), 'dead'::public.email_status,
  'the failure at max_attempts makes the row dead');
update public.email_outbox set next_attempt_at = now() - interval '1 second' where dedupe_key = 'test:due';
select is_empty($$ select id from public.claim_email_batch(10) where dedupe_key = 'test:due' $$, 'a dead row is never claimed');
update public.email_outbox set next_attempt_at = now() - interval '1 second' where dedupe_key = 'test:later';
select results_eq('select dedupe_key from public.claim_email_batch(10)', $$ values ('test:later') $$, 'a row whose time came is claimed');
update public.email_outbox set next_attempt_at = now() - interval '1 second' where dedupe_key = 'test:later';
select results_eq('select dedupe_key, attempts from public.claim_email_batch(10)', $$ values ('test:later'::text, 2) $$,
  'an expired lease (dispatcher died) is claimed again');
update public.email_outbox set next_attempt_at = now() - interval '1 second' where dedupe_key = 'test:later';
select is_empty('select id from public.claim_email_batch(10)', 'an expired lease out of attempts is not claimed');
select is((select status::text from public.email_outbox where dedupe_key = 'test:later'), 'dead', 'but declared dead');

-- The pg_cron jobs ---------------------------------------------------------------------------------
select tests.clear_authentication();
select row_eq($$ select schedule, command from cron.job where jobname = 'email-enqueue-scheduled' $$,
  row('*/5 * * * *'::text, 'select private.enqueue_scheduled_emails()'::text), 'the enqueue job runs every 5 minutes');
select cron.schedule('email-enqueue-scheduled', '*/5 * * * *', 'select private.enqueue_scheduled_emails()');
select is((select count(*) from cron.job where jobname = 'email-enqueue-scheduled'), 1::bigint, 'scheduling again keeps one job');
select is((select count(*) from cron.job where jobname = 'email-dispatch'),
  (select count(*) from pg_extension where extname = 'pg_net'), 'the HTTP dispatch job exists exactly where pg_net does');

select * from finish();
rollback;
