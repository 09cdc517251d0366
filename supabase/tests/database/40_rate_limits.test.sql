-- Write rate limits: only admins read and tune public.rate_limits; the pre-request hook counts per
-- user, falls back to the proxy-appended client IP for anon, honours the most specific row.
begin;
\ir _helpers.psql
select plan(16);

select tests.create_admin('ada@test.dev');
select tests.create_user('sam@test.dev', 'seeker');
select tests.create_user('cora@test.dev', 'creator');
-- Attempts survive rollbacks (sequences): forget what an earlier run on this database counted.
select private.forget_rate_limit_attempts(s) from (values ('ip:203.0.113.9'), ('ip:198.51.100.1')) v (s);

select ok((select 'pgrst.db_pre_request=private.check_rate_limit' = any(setconfig) from pg_db_role_setting
  where setrole = 'authenticator'::regrole and setdatabase = 0), 'hosted PostgREST runs the hook before every request');

-- Who may see and tune the limits.
select tests.authenticate_as('ada@test.dev');
select results_eq($$ select subject, max_writes from public.rate_limits $$, $$ values ('default', 600) $$, 'admins read the limits');
select results_eq($$ update public.rate_limits set max_writes = 700 where subject = 'default' returning max_writes $$,
  $$ values (700) $$, 'admins tune a limit');
select throws_ok($$ insert into public.rate_limits (subject, max_writes, window_seconds) values ('role:seeker', 1, 60) $$,
  '42501', null, 'rows are added by migrations or the service role only');

select tests.authenticate_as('sam@test.dev');
select is_empty($$ select 1 from public.rate_limits $$, 'a seeker reads no limits');
select is_empty($$ update public.rate_limits set max_writes = 1000000 returning 1 $$, 'a seeker cannot raise a limit');

select tests.authenticate_as_anon();
select throws_ok($$ select 1 from public.rate_limits $$, '42501', null, 'anon cannot read the limits');

-- Counting: override rows for dedicated subjects, set up as the owner.
select tests.clear_authentication();
insert into public.rate_limits (subject, max_writes, window_seconds)
values ('user:' || tests.get_user_id('sam@test.dev'), 2, 3600),
       ('ip:203.0.113.9', 1, 3600),
       ('role:creator', 1, 3600),
       ('role:service_role', 1, 3600);

select tests.authenticate_as('sam@test.dev');
select lives_ok($$ select private.check_rate_limit() $$, 'first write of a user');
select lives_ok($$ select private.check_rate_limit() $$, 'second write, at the user''s limit');
select throws_ok($$ select private.check_rate_limit() $$, 'PGRST', null, 'the third write is refused');
select tests.clear_authentication();
select results_eq($$ select hits from private.rate_limit_counters where subject = 'user:' || tests.get_user_id('sam@test.dev') $$,
  $$ values (2) $$, 'one counter row per user and window (the refused write''s row rolled back; 42_rate_limit_attempts counts attempts)');

-- Anon: the last X-Forwarded-For entry (the one our proxy appended) is the subject, not the
-- entries a client can forge.
select tests.authenticate_as_anon();
select set_config('request.headers', '{"x-forwarded-for": "198.51.100.1, 203.0.113.9"}', true);
select lives_ok($$ select private.check_rate_limit() $$, 'an anonymous client''s first write');
select throws_ok($$ select private.check_rate_limit() $$, 'PGRST', null, 'the same IP is refused over its limit');
select set_config('request.headers', '{"x-forwarded-for": "203.0.113.9, 198.51.100.1"}', true);
select lives_ok($$ select private.check_rate_limit() $$, 'a forged first entry does not share that IP''s counter');

-- A role row applies to every user of that role without their own row.
select tests.authenticate_as('cora@test.dev');
select throws_ok($$ select private.check_rate_limit(); select private.check_rate_limit() $$, 'PGRST', null,
  'a role override limits each of its users');

-- Our own servers are never throttled, whatever the table says.
select tests.authenticate_as_service_role();
select lives_ok($$ select private.check_rate_limit(); select private.check_rate_limit() $$, 'the service role is exempt');

select * from finish();
rollback;
