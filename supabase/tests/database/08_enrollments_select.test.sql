-- Enrollments: the single select policy for `authenticated` (own rows, or any row of an event the
-- caller organizes or co-organizes) and nothing more; and one permissive policy per operation.
begin;
\ir _helpers.psql
select plan(5);

select tests.create_user('host@enr.test', 'facilitator');
select tests.create_user('other-host@enr.test', 'facilitator');
select tests.create_user('ann@enr.test', 'seeker');
select tests.create_user('bob@enr.test', 'seeker');
with e as (
  insert into public.events (organizer_id, title, starts_at, status)
  values (tests.get_user_id('host@enr.test'), 'Policy check', now() + interval '2 days', 'published') returning id
) select set_config('tests.ev', id::text, true) from e;
select private.enroll(current_setting('tests.ev')::uuid, tests.get_user_id('ann@enr.test'));
select private.enroll(current_setting('tests.ev')::uuid, tests.get_user_id('bob@enr.test'));

select is((select count(*) from pg_policies where schemaname = 'public' and tablename = 'enrollments' and cmd = 'SELECT' and 'authenticated' = any (roles)),
  1::bigint, 'one select policy for authenticated on enrollments');

select tests.authenticate_as('ann@enr.test');
select results_eq('select user_id from public.enrollments', format('values (%L::uuid)', tests.get_user_id('ann@enr.test')), 'a seeker reads only their own enrollment');
select tests.authenticate_as('host@enr.test');
select is((select count(*) from public.enrollments where event_id = current_setting('tests.ev')::uuid), 2::bigint, 'the organizer reads every enrollment of their event');
select tests.authenticate_as('other-host@enr.test');
select is_empty('select id from public.enrollments', 'another organizer reads none');
select tests.authenticate_as_anon();
select throws_ok('select id from public.enrollments', '42501', null, 'anon cannot read enrollments');

select * from finish();
rollback;
