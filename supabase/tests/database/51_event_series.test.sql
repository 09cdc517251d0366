-- Event series: who may create and edit a series, the rule's expansion (wall-clock time across
-- DST, monthly by weekday, COUNT/UNTIL), the three edit scopes, followers, EXDATEs and pg_cron.
begin;
\ir _helpers.psql
select plan(32);

select tests.create_user('org@test.dev', 'facilitator');
select tests.create_user('other@test.dev', 'facilitator');
select tests.create_user('seeker@test.dev');
select tests.create_user('fan@test.dev');
select tests.create_user('ann@test.dev');

create function pg_temp.series_id(title text) returns uuid language sql security definer as $$
  select id from public.event_series where event_series.title = series_id.title order by created_at desc limit 1
$$;
create function pg_temp.occurrences(series uuid) returns table (local_start text, status text, title text) language sql security definer as $$
  select to_char(e.starts_at at time zone e.timezone, 'YYYY-MM-DD HH24:MI'), e.status::text, e.title
    from public.events e where e.series_id = series order by e.starts_at
$$;

grant execute on function pg_temp.series_id(text), pg_temp.occurrences(uuid) to authenticated;

-- who may create -----------------------------------------------------------------------------------
select tests.authenticate_as('seeker@test.dev');
select throws_ok($$ insert into event_series (rrule, timezone, first_starts_on, starts_at_local, duration, title)
  values ('FREQ=WEEKLY;BYDAY=TU;COUNT=3', 'Europe/Amsterdam', '2027-03-16', '19:00', '2 hours', 'Not mine') $$,
  '42501', null, 'seekers cannot create a series');
select tests.authenticate_as('org@test.dev');
select throws_ok($$ insert into event_series (rrule, timezone, first_starts_on, starts_at_local, duration, title)
  values ('FREQ=DAILY;COUNT=3', 'Europe/Amsterdam', '2027-03-16', '19:00', '2 hours', 'Daily') $$,
  '23514', null, 'rules outside the supported subset are refused');
select throws_ok($$ insert into event_series (rrule, timezone, first_starts_on, starts_at_local, duration, title)
  values ('FREQ=WEEKLY;COUNT=3;UNTIL=20270101', 'Europe/Amsterdam', '2027-03-16', '19:00', '2 hours', 'Both') $$,
  '23514', null, 'COUNT and UNTIL together are refused');
select throws_ok($$ insert into event_series (rrule, timezone, first_starts_on, starts_at_local, duration, title)
  values ('FREQ=WEEKLY;COUNT=3', 'UTC', '0001-01-01', '19:00', '2 hours', 'Ancient') $$,
  '22023', 'first_starts_on must lie within a year back and ten years ahead', 'a DTSTART far in the past is refused (expansion stays small)');
select throws_ok($$ insert into event_series (organizer_id, rrule, timezone, first_starts_on, starts_at_local, duration, title)
  values (tests.get_user_id('other@test.dev'), 'FREQ=WEEKLY;COUNT=3', 'UTC', '2027-03-16', '19:00', '2 hours', 'For another') $$,
  '42501', null, 'nobody creates a series in another organizer''s name');

-- Tuesdays 19:00 in Amsterdam around the 2027-03-28 switch to summer time.
select lives_ok($$ insert into event_series (rrule, timezone, first_starts_on, starts_at_local, duration, title, capacity, tags, horizon)
  values ('FREQ=WEEKLY;BYDAY=TU;COUNT=4', 'Europe/Amsterdam', '2027-03-15', '19:00', '2 hours', 'Sketch club', 1, '{art}', '400 days') $$,
  'a facilitator creates a weekly series');
select tests.clear_authentication();
select is((select first_starts_on from event_series where id = pg_temp.series_id('Sketch club')), '2027-03-16'::date,
  'DTSTART moves onto the first Tuesday');
select results_eq($$ select local_start, status, title from pg_temp.occurrences(pg_temp.series_id('Sketch club')) $$,
  $$ values ('2027-03-16 19:00', 'published', 'Sketch club'), ('2027-03-23 19:00', 'published', 'Sketch club'),
            ('2027-03-30 19:00', 'published', 'Sketch club'), ('2027-04-06 19:00', 'published', 'Sketch club') $$,
  'COUNT=4 occurrences are materialized as published events at 19:00 local');
select results_eq($$ select to_char(starts_at at time zone 'UTC', 'HH24:MI') from events where series_id = pg_temp.series_id('Sketch club') order by starts_at $$,
  $$ values ('18:00'), ('18:00'), ('17:00'), ('17:00') $$, 'in UTC the start moves by the DST hour: wall-clock time is kept');
select is((select count(*)::int from event_members m join events e on e.id = m.event_id
            where e.series_id = pg_temp.series_id('Sketch club') and m.role = 'organizer' and m.user_id = tests.get_user_id('org@test.dev')), 4,
  'the series organizer organizes every occurrence');

-- the rule's expansion (no horizon involved) ---------------------------------------------------------
create function pg_temp.expand(rule text, first date, up_to date) returns setof text language sql as $$
  select to_char(o.local_start, 'YYYY-MM-DD') from private.series_local_starts(
    row(null, null, rule, 'Europe/Amsterdam', first, '10:00', '1 hour', 'x', '', 'en', '', null, '{}', '90 days', '{}', now(), now())::public.event_series,
    up_to) o
$$;
select results_eq($$ select * from pg_temp.expand('FREQ=MONTHLY;BYDAY=-1FR;COUNT=3', '2027-01-01', '2027-12-31') $$,
  $$ values ('2027-01-29'), ('2027-02-26'), ('2027-03-26') $$, 'monthly on the last Friday');
select results_eq($$ select * from pg_temp.expand('FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU;UNTIL=20270601', '2027-01-01', '2027-12-31') $$,
  $$ values ('2027-01-12'), ('2027-03-09'), ('2027-05-11') $$, 'every other month on the second Tuesday, until a date');
select results_eq($$ select * from pg_temp.expand('FREQ=MONTHLY;BYMONTHDAY=31;COUNT=3', '2027-01-01', '2027-12-31') $$,
  $$ values ('2027-01-31'), ('2027-03-31'), ('2027-05-31') $$, 'months without the 31st are skipped');
select results_eq($$ select * from pg_temp.expand('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;COUNT=5', '2027-01-06', '2027-12-31') $$,
  $$ values ('2027-01-07'), ('2027-01-18'), ('2027-01-21'), ('2027-02-01'), ('2027-02-04') $$, 'every other week on Monday and Thursday');

-- who may edit; "all future" ------------------------------------------------------------------------
select private.enroll((select id from events where series_id = pg_temp.series_id('Sketch club') order by starts_at limit 1), tests.get_user_id('ann@test.dev'));
select tests.authenticate_as('other@test.dev');
select is_empty($$ update event_series set title = 'Hijacked' where id = pg_temp.series_id('Sketch club') returning id $$,
  'another facilitator cannot edit the series');
select is(tests.refusal($$ select split_series((select id from events where series_id = pg_temp.series_id('Sketch club') order by starts_at limit 1), '{}') $$),
  'PT404 series_not_found', 'nor split it');
select tests.authenticate_as('org@test.dev');
update events set title = 'Special edition' where id = (select id from events where series_id = pg_temp.series_id('Sketch club') order by starts_at offset 1 limit 1);
select ok((select series_override from events where title = 'Special edition'), 'editing one occurrence marks it as overridden');
update event_series set title = 'Sketch club (new room)', location = 'Room 2' where id = pg_temp.series_id('Sketch club');
select results_eq($$ select title from pg_temp.occurrences(pg_temp.series_id('Sketch club (new room)')) $$,
  $$ values ('Sketch club (new room)'), ('Special edition'), ('Sketch club (new room)'), ('Sketch club (new room)') $$,
  'an edit of the series reaches every future occurrence except the one edited on its own');
select throws_ok($$ update event_series set organizer_id = tests.get_user_id('other@test.dev') where id = pg_temp.series_id('Sketch club (new room)') $$,
  '42501', null, 'the organizer column is not writable');

-- a rule change never silently drops an occurrence with people in it
update event_series set rrule = 'FREQ=WEEKLY;BYDAY=WE;COUNT=4' where id = pg_temp.series_id('Sketch club (new room)');
select tests.clear_authentication();
select results_eq($$ select local_start, status from pg_temp.occurrences(pg_temp.series_id('Sketch club (new room)')) $$,
  $$ values ('2027-03-16 19:00', 'cancelled'), ('2027-03-17 19:00', 'published'), ('2027-03-24 19:00', 'published'),
            ('2027-03-31 19:00', 'published'), ('2027-04-07 19:00', 'published') $$,
  'moving to Wednesdays cancels the Tuesday with an enrollee, deletes the empty ones, adds the Wednesdays');
select is((select count(*)::int from email_outbox where kind = 'event_cancelled' and recipient_id = tests.get_user_id('ann@test.dev')), 1,
  'the enrollee of the cancelled occurrence is notified through the outbox');

-- followers --------------------------------------------------------------------------------------------
select tests.authenticate_as('fan@test.dev');
select lives_ok($$ insert into series_follows (series_id) values (pg_temp.series_id('Sketch club (new room)')) $$, 'anyone follows a series');
select throws_ok($$ insert into series_follows (series_id, user_id) values (pg_temp.series_id('Sketch club (new room)'), tests.get_user_id('ann@test.dev')) $$,
  '42501', null, 'but not in someone else''s name');
select tests.authenticate_as('org@test.dev');
update event_series set rrule = 'FREQ=WEEKLY;BYDAY=WE;COUNT=5' where id = pg_temp.series_id('Sketch club (new room)');
select tests.clear_authentication();
select is((select en.status::text from enrollments en join events e on e.id = en.event_id
            where e.series_id = pg_temp.series_id('Sketch club (new room)') and e.series_occurrence::date = '2027-04-14' and en.user_id = tests.get_user_id('fan@test.dev')),
  'enrolled', 'a follower is enrolled in a newly materialized occurrence');
select is((select count(*)::int from enrollments en join events e on e.id = en.event_id
            where e.series_id = pg_temp.series_id('Sketch club (new room)') and en.user_id = tests.get_user_id('fan@test.dev')), 1,
  'and only in new ones');

-- "this and following" -----------------------------------------------------------------------------------
select tests.authenticate_as('org@test.dev');
select is((select title from split_series((select id from events where series_id = pg_temp.series_id('Sketch club (new room)') and series_occurrence::date = '2027-03-31'),
  '{"title": "Sketch club (late)", "starts_at_local": "20:00"}')), 'Sketch club (late)', 'the organizer splits the series at an occurrence');
select tests.clear_authentication();
select results_eq($$ select local_start, title from pg_temp.occurrences(pg_temp.series_id('Sketch club (new room)')) where status = 'published' $$,
  $$ values ('2027-03-17 19:00', 'Sketch club (new room)'), ('2027-03-24 19:00', 'Sketch club (new room)') $$,
  'the old series keeps the occurrences before the split');
select results_eq($$ select local_start, title from pg_temp.occurrences(pg_temp.series_id('Sketch club (late)')) $$,
  $$ values ('2027-03-31 20:00', 'Sketch club (late)'), ('2027-04-07 20:00', 'Sketch club (late)'), ('2027-04-14 20:00', 'Sketch club (late)') $$,
  'the new series takes this and the following occurrences, with the change');
select matches((select rrule from event_series where id = pg_temp.series_id('Sketch club (new room)')), 'UNTIL=20270330T215959Z$',
  'the old rule ends (in UTC) before the split day');

-- EXDATE and pg_cron -----------------------------------------------------------------------------------
delete from events where series_id = pg_temp.series_id('Sketch club (late)') and series_occurrence::date = '2027-04-07';
select is(private.materialize_series(pg_temp.series_id('Sketch club (late)')), 0, 'a deleted occurrence is not materialized again');
select is((select exdates from event_series where id = pg_temp.series_id('Sketch club (late)')), array['2027-04-07 19:00']::timestamp[],
  'it is an EXDATE of its series');
select is((select command from cron.job where jobname = 'materialize-series'), 'select private.materialize_all_series()',
  'pg_cron extends every series');

select * from finish();
rollback;
