-- Refused attempts are counted even in a busy window: 300 other subjects writing at once must not
-- fill the probes of a new one (with 256 slots probed 8 at a time they did, and its count was 0).
begin;
\ir _helpers.psql
select plan(4);

select is((select count(*)::integer from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = 'private' and c.relkind = 'S' and c.relname like 'rate_limit\_slot\_%'), 1024,
  '1024 attempt slots');

-- Sequences ignore rollbacks: these live windows end in 30 s and are forgotten below either way.
select private.count_rate_limit_attempt('busy:' || n, now() + interval '30 seconds') from generate_series(1, 300) n;

select results_eq(
  $$ select private.count_rate_limit_attempt('busy:target', now() + interval '30 seconds') from generate_series(1, 3) $$,
  $$ values (1), (2), (3) $$,
  'a new subject still gets its own slot and counts every attempt');
select is((select count(*)::integer from generate_series(1, 300) n
            where private.count_rate_limit_attempt('busy:' || n, now() + interval '30 seconds') = 2), 300,
  'so does each of the 300 others');

select private.forget_rate_limit_attempts('busy:' || n) from generate_series(1, 300) n;
select private.forget_rate_limit_attempts('busy:target');
select is(private.count_rate_limit_attempt('busy:target', now() + interval '30 seconds'), 1, 'forgotten subjects start over');
select private.forget_rate_limit_attempts('busy:target');

select * from finish();
rollback;
