-- What the rate limits count besides committed writes: refused attempts (the request rolls back,
-- the count stays), anonymous attempts per IP, rows of batch inserts, and edge-function writes.
begin;
\ir _helpers.psql
select plan(14);

select tests.create_user('sam@test.dev', 'seeker');
select tests.create_user('fac@test.dev', 'facilitator');
-- Fixed addresses: forget what an earlier run on this database counted for them.
select private.forget_rate_limit_attempts(s) from (values ('ip:192.0.2.77')) v (s);
insert into public.rate_limits (subject, max_writes, window_seconds)
values ('user:' || tests.get_user_id('sam@test.dev'), 3, 3600),
       ('user:' || tests.get_user_id('fac@test.dev'), 10, 3600),
       ('ip:192.0.2.77', 2, 3600),
       ('user:00000000-0000-4000-8000-0000000000f1', 2, 3600);

-- A refused write: PostgREST rolls back the request's transaction (here: a savepoint), counter row
-- included. The attempt still counts.
select tests.authenticate_as('sam@test.dev');
savepoint refused_1; select private.check_rate_limit(); rollback to refused_1;
savepoint refused_2; select private.check_rate_limit(); rollback to refused_2;
savepoint refused_3; select private.check_rate_limit(); rollback to refused_3;
select tests.clear_authentication();
select is_empty($$ select 1 from private.rate_limit_counters where subject = 'user:' || tests.get_user_id('sam@test.dev') $$,
  'the rollbacks left no counter row');
select tests.authenticate_as('sam@test.dev');
select throws_ok($$ select private.check_rate_limit() $$, 'PGRST', null, 'the fourth attempt is refused: refused writes were counted');

-- Anonymous writes are all refused by RLS, so only attempts can limit them: per client IP.
select tests.authenticate_as_anon();
select set_config('request.headers', '{"x-forwarded-for": "192.0.2.77"}', true);
savepoint anon_1; select private.check_rate_limit(); rollback to anon_1;
savepoint anon_2; select private.check_rate_limit(); rollback to anon_2;
select throws_ok($$ select private.check_rate_limit() $$, 'PGRST', null, 'an anonymous IP is limited by its refused attempts');
select set_config('request.headers', '{"x-forwarded-for": "192.0.2.78"}', true);
select lives_ok($$ select private.check_rate_limit() $$, 'another IP is not');

-- An admin (owner, service role) forgets a subject's attempts.
select tests.clear_authentication();
select private.forget_rate_limit_attempts('ip:192.0.2.77');
select tests.authenticate_as_anon();
select set_config('request.headers', '{"x-forwarded-for": "192.0.2.77"}', true);
select lives_ok($$ select private.check_rate_limit() $$, 'a forgotten subject starts over');
select set_config('request.headers', '', true);

-- Batch inserts weigh their rows: the request counts 1, each further row 1 more.
select tests.authenticate_as('fac@test.dev');
select set_config('request.method', 'POST', true);
select lives_ok($$ select private.check_rate_limit();
  insert into events (title) select 'Batch ' || n from generate_series(1, 5) n $$, 'a 5-row insert weighs 5 writes (limit 10)');
select tests.clear_authentication();
select results_eq($$ select hits from private.rate_limit_counters where subject = 'user:' || tests.get_user_id('fac@test.dev') $$,
  $$ values (5) $$, 'the batch counted its rows');
select tests.authenticate_as('fac@test.dev');
select set_config('request.method', 'POST', true);
select throws_ok($$ select private.check_rate_limit();
  insert into events (title) select 'Batch ' || n from generate_series(6, 11) n $$, 'PGRST', null,
  'a 6-row insert over the remaining 5 writes is refused whole');
select is((select count(*)::integer from events where title like 'Batch %'), 5, 'nothing of the refused batch stays');
select set_config('request.method', '', true);
select lives_ok($$ insert into events (title) select 'Batch ' || n from generate_series(12, 40) n $$,
  'outside an API request (SQL functions, seeds) rows are not weighed');

-- Every table clients can insert into weighs batches.
select tests.clear_authentication();
select is_empty($$
  select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = 'public' and c.relkind = 'r'
    and (has_any_column_privilege('authenticated', c.oid, 'INSERT') or has_any_column_privilege('anon', c.oid, 'INSERT'))
    and not exists (select 1 from pg_trigger t where t.tgrelid = c.oid and t.tgname = 'rate_limit_inserted_rows')
$$, 'every client-insertable table has the rate_limit_inserted_rows trigger');

-- Edge functions count a write in its own transaction before doing it.
select is((private.consume_rate_limit('user:00000000-0000-4000-8000-0000000000f1', 'seeker') ->> 'limited')::boolean, false, 'first function write');
select is((private.consume_rate_limit('user:00000000-0000-4000-8000-0000000000f1', 'seeker') ->> 'limited')::boolean, false, 'second, at the limit');
select ok((select r ->> 'limited' = 'true' and (r ->> 'retry_after')::integer between 1 and 3600
  from private.consume_rate_limit('user:00000000-0000-4000-8000-0000000000f1', 'seeker') r), 'the third is limited, with a retry-after');

select * from finish();
rollback;
