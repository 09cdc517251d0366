-- events.search is kept by a trigger, not a generated column: recomputed when title, location or
-- description change (search still finds the new words), left alone when only counts change (a seat
-- must not re-tokenize the event), and never written directly.
begin;
\ir _helpers.psql
select plan(7);

select tests.create_user('fac@test.dev', 'facilitator');
select tests.authenticate_as('fac@test.dev');
insert into events (title, description, location, starts_at, tags, status, capacity) values
  ('Pottery evening', 'Clay and glazes', 'Gent', now() + interval '3 days', '{vector-test}', 'published', 10);
select tests.clear_authentication();

select is((select attgenerated from pg_attribute where attrelid = 'public.events'::regclass and attname = 'search'), '',
  'search is a plain column (a generated one is recomputed on every update)');
select ok((select search @@ to_tsquery('simple', 'glazes') from events where title = 'Pottery evening'), 'an insert fills it');

-- Counting the folds this transaction makes: a count change makes none.
create temp table folds as select pg_stat_get_xact_function_calls('private.fold(text)'::regprocedure) as before;
set local track_functions = 'all';
update events set enrolled_count = enrolled_count + 1 where title = 'Pottery evening';
select is(coalesce(pg_stat_get_xact_function_calls('private.fold(text)'::regprocedure), 0), (select coalesce(before, 0) from folds),
  'a count update does not recompute the vector');
select ok((select search @@ to_tsquery('simple', 'glazes') from events where title = 'Pottery evening'), 'and keeps it');

update events set description = 'Wheel throwing for beginners' where title = 'Pottery evening';
select ok((select search @@ to_tsquery('simple', 'wheel') and not search @@ to_tsquery('simple', 'glazes')
             from events where title = 'Pottery evening'), 'a description change recomputes it');

update events set search = to_tsvector('simple', 'forged') where title = 'Pottery evening';
select ok((select not search @@ to_tsquery('simple', 'forged') and search @@ to_tsquery('simple', 'wheel')
             from events where title = 'Pottery evening'), 'a direct write is ignored');

select tests.authenticate_as_anon();
select results_eq($$ select title from search_events(q => 'throwing', with_tags => '{vector-test}') $$,
  $$ values ('Pottery evening') $$, 'search finds the event by its new words');

select * from finish();
rollback;
