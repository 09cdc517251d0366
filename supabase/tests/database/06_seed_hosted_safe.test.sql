-- What Supabase Branching (`[db.seed] sql_paths`) and `db push --include-seed` apply to hosted
-- databases creates no account with a known password and no admin: those come from the local-only
-- stack/seed/local-demo.sql. Replays supabase/seed.sql on an empty user table, as a new branch would.
begin;
\ir _helpers.psql
select plan(4);

truncate auth.users cascade;
\ir ../../seed.sql

select ok((select count(*) >= 9 from auth.users), 'the seed still creates its demo users');
select is((select count(*)::int from auth.users where coalesce(encrypted_password, '') <> ''), 0,
  'no seed user has a password');
select is((select count(*)::int from public.profiles where role = 'admin'), 0, 'no seed user is an admin');
select is((select count(*)::int from auth.users where confirmation_token is null or recovery_token is null
           or email_change_token_new is null or email_change is null), 0,
  'seed users are rows Supabase Auth can read (empty strings, not NULL, in its token columns)');

select * from finish();
rollback;
