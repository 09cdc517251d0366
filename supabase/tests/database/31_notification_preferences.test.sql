-- Notification preferences: one row per user with sensible defaults, read and changed by its owner
-- only; the claim honours them at send time (skipped, never retried) and sends transactional mail.
begin;
\ir _helpers.psql
select plan(19);

select tests.create_user('pref-ana@mail.test', 'seeker');
select tests.create_user('pref-ben@mail.test', 'seeker');
select tests.create_user('pref-org@mail.test', 'facilitator');

select row_eq(
  $$ select reminders, follow_ups, waitlist, event_changes from public.notification_preferences where user_id = tests.get_user_id('pref-ana@mail.test') $$,
  row(true, true, true, true), 'a new user gets a preferences row with every category on'
);

-- Owner only -----------------------------------------------------------------------------------------
select tests.authenticate_as('pref-ana@mail.test');
select results_eq('select user_id from public.notification_preferences', $$ values (tests.get_user_id('pref-ana@mail.test')) $$,
  'a user reads their own preferences and nobody else''s');
select results_eq(
  $$ update public.notification_preferences set reminders = false where user_id = tests.get_user_id('pref-ana@mail.test') returning reminders $$,
  $$ values (false) $$, 'the owner turns reminders off');
select is_empty(
  $$ update public.notification_preferences set reminders = false where user_id = tests.get_user_id('pref-ben@mail.test') returning user_id $$,
  'another user''s preferences cannot be changed (RLS hides the row)');
select throws_ok(
  $$ update public.notification_preferences set user_id = tests.get_user_id('pref-ben@mail.test') where user_id = tests.get_user_id('pref-ana@mail.test') $$,
  '42501', null, 'the row cannot be moved to another user');
select throws_ok(
  $$ insert into public.notification_preferences (user_id) values (gen_random_uuid()) $$,
  '42501', null, 'clients do not insert preferences');
select throws_ok(
  $$ delete from public.notification_preferences $$,
  '42501', null, 'clients do not delete preferences');
select tests.authenticate_as_anon();
select throws_ok('select * from public.notification_preferences', '42501', null, 'anon reads no preferences');
select tests.clear_authentication();
select is((select reminders from public.notification_preferences where user_id = tests.get_user_id('pref-ben@mail.test')), true,
  'ben''s preferences are untouched');

-- Send time ------------------------------------------------------------------------------------------
-- Rows queued while reminders were on: ana turns them off after enqueueing.
create function pg_temp.new_event() returns uuid language sql as $$
    insert into public.events (organizer_id, title, starts_at, timezone, status)
    values (tests.get_user_id('pref-org@mail.test'), 'Preferences event', now() + interval '2 days', 'UTC', 'published') returning id
$$;
select set_config('tests.ev', pg_temp.new_event()::text, true);
update public.email_outbox set next_attempt_at = now() + interval '1 year' where status in ('pending', 'failed', 'sending');
insert into public.email_outbox (kind, recipient_id, recipient_email, subject_table, subject_id, event_id, dedupe_key, next_attempt_at)
values
  ('event_reminder', tests.get_user_id('pref-ana@mail.test'), 'pref-ana@mail.test', 'events', current_setting('tests.ev')::uuid, current_setting('tests.ev')::uuid, 'pref:ana:reminder', now() - interval '1 second'),
  ('enrollment_confirmed', tests.get_user_id('pref-ana@mail.test'), 'pref-ana@mail.test', 'events', current_setting('tests.ev')::uuid, current_setting('tests.ev')::uuid, 'pref:ana:confirmed', now() - interval '1 second'),
  ('enrollment_follow_up', tests.get_user_id('pref-ana@mail.test'), 'pref-ana@mail.test', 'events', current_setting('tests.ev')::uuid, current_setting('tests.ev')::uuid, 'pref:ana:follow-up', now() - interval '1 second'),
  ('event_reminder', tests.get_user_id('pref-ben@mail.test'), 'pref-ben@mail.test', 'events', current_setting('tests.ev')::uuid, current_setting('tests.ev')::uuid, 'pref:ben:reminder', now() - interval '1 second');

select tests.authenticate_as_service_role();
select results_eq(
  $$ select dedupe_key, category from public.claim_email_batch(50) where dedupe_key like 'pref:%' order by dedupe_key $$,
  $$ values ('pref:ana:confirmed'::text, null::text), ('pref:ana:follow-up', 'follow_ups'), ('pref:ben:reminder', 'reminders') $$,
  'the claim sends confirmations and wanted categories, with each row''s category'
);
select row_eq($$ select status::text, attempts, last_error from public.email_outbox where dedupe_key = 'pref:ana:reminder' $$,
  row('skipped'::text, 0, 'the recipient turned off reminders emails'::text), 'the unwanted reminder is recorded as skipped');
update public.email_outbox set next_attempt_at = now() - interval '1 second' where dedupe_key = 'pref:ana:reminder';
select is_empty($$ select id from public.claim_email_batch(50) where dedupe_key = 'pref:ana:reminder' $$, 'a skipped row is never claimed again');

-- One call marks a batch -----------------------------------------------------------------------------
select results_eq(
  format($$ select status::text from public.mark_email_batch(array[%s]::bigint[], jsonb_build_array(jsonb_build_object('id', %s, 'error', 'refused'))) order by id $$,
    (select id from public.email_outbox where dedupe_key = 'pref:ana:confirmed'), (select id from public.email_outbox where dedupe_key = 'pref:ben:reminder')),
  $$ values ('sent'::text), ('failed') $$, 'mark_email_batch marks sent and failed rows in one call');
select row_eq($$ select last_error, next_attempt_at from public.email_outbox where dedupe_key = 'pref:ben:reminder' $$,
  row('refused'::text, now() + interval '1 minute'), 'a failure in the batch backs off like mark_email_failed');
select is_empty(
  format($$ select id from public.mark_email_batch(array[%s]::bigint[]) $$, (select id from public.email_outbox where dedupe_key = 'pref:ana:confirmed')),
  'a row that is no longer sending is not marked twice');
select tests.clear_authentication();

-- Clients cannot call the dispatcher's functions -----------------------------------------------------
select tests.authenticate_as('pref-ana@mail.test');
select throws_ok('select * from public.mark_email_batch(array[1]::bigint[])', '42501', null, 'a user cannot mark emails');
select throws_ok('select * from public.claim_email_batch(1)', '42501', null, 'a user cannot claim emails');
select tests.clear_authentication();

select ok(private.wants_email(tests.get_user_id('pref-ana@mail.test'), 'booking_refunded'), 'transactional kinds are always wanted');
select is(private.wants_email(tests.get_user_id('pref-ana@mail.test'), 'event_reminder'), false, 'an opted-out category is not');

select * from finish();
rollback;
