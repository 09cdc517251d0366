-- Guards that hold for every object a client can reach: RLS on every table in exposed schemas,
-- pinned search_path on every security definer function, nothing callable by anon by accident.
begin;
\ir _helpers.psql
select plan(4);

select is_empty(
  $$ select n.nspname || '.' || c.relname
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname in ('public', 'storage', 'realtime') and c.relkind in ('r', 'p') and not c.relrowsecurity $$,
  'every table in an exposed schema has row-level security enabled'
);

select is_empty(
  $$ select p.oid::regprocedure::text
     from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname in ('public', 'private') and p.prosecdef
       and not coalesce(p.proconfig, '{}') @> array['search_path=""'] $$,
  'every security definer function pins an empty search_path'
);

select is_empty(
  $$ select p.oid::regprocedure::text
     from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname = 'public' and has_function_privilege('anon', p.oid, 'execute')
       and p.proname not in ('search_events', 'calendar_feed', 'calendar_series') $$,
  'anon can execute no public function unless it is listed here'
);

select is_empty(
  $$ select n.nspname || '.' || c.relname
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('v', 'm')
       and not coalesce(c.reloptions, '{}') @> array['security_invoker=true'] $$,
  'every view in public is security_invoker'
);

select * from finish();
rollback;
