-- Sessions: only creators create, only the owner edits or deletes, everyone reads published ones,
-- the owner column is not writable, and a creator's published sessions never overlap.
begin;
\ir _helpers.psql
select plan(18);

select tests.create_user('cora@test.dev', 'creator');
select tests.create_user('carl@test.dev', 'creator');
select tests.create_user('sam@test.dev', 'seeker');

insert into sessions (id, creator_id, title, price_minor, currency, duration_minutes, location, starts_at, capacity, published) values
  ('5e550000-0000-4000-8000-0000000000a1', tests.get_user_id('cora@test.dev'), 'Published', 2500, 'eur', 60, 'Studio', now() + interval '2 days', 5, true),
  ('5e550000-0000-4000-8000-0000000000a2', tests.get_user_id('cora@test.dev'), 'Draft', 2500, 'eur', 60, 'Studio', now() + interval '3 days', 5, false);

select policies_are('public', 'sessions', array[
  'sessions_select_published_by_anon', 'sessions_select_published_or_own_by_signed_in', 'sessions_insert_by_creators',
  'sessions_update_by_owner', 'sessions_delete_by_owner'], 'sessions have exactly one policy per operation and role');

-- reading ------------------------------------------------------------------------------------------
select tests.authenticate_as_anon();
select results_eq($$ select title from sessions where id::text like '5e550000-0000-4000-8000-0000000000a%' $$, $$ values ('Published') $$, 'anon reads published sessions only');
select tests.authenticate_as('sam@test.dev');
select results_eq($$ select title from sessions where id::text like '5e550000-0000-4000-8000-0000000000a%' $$, $$ values ('Published') $$, 'a seeker reads published sessions, not drafts');
select tests.authenticate_as('cora@test.dev');
select results_eq($$ select title from sessions where id::text like '5e550000-0000-4000-8000-0000000000a%' order by title $$, $$ values ('Draft'), ('Published') $$, 'the owner reads their drafts too');

-- creating -----------------------------------------------------------------------------------------
select tests.authenticate_as('sam@test.dev');
select throws_ok($$ insert into sessions (title, price_minor, currency, duration_minutes, location, starts_at, capacity) values ('x', 0, 'eur', 60, 'y', now() + interval '1 day', 1) $$,
  '42501', 'new row violates row-level security policy for table "sessions"', 'a seeker cannot create sessions');
select tests.authenticate_as('cora@test.dev');
select results_eq($$ insert into sessions (title, price_minor, currency, duration_minutes, location, starts_at, capacity)
                    values ('Mine', 1000, 'usd', 45, 'Studio', now() + interval '9 days', 3) returning title, creator_id = auth.uid() $$,
  $$ values ('Mine'::text, true) $$, 'a creator creates a session they own');
select throws_ok($$ insert into sessions (creator_id, title, price_minor, currency, duration_minutes, location, starts_at, capacity)
                    values (tests.get_user_id('carl@test.dev'), 'x', 0, 'eur', 60, 'y', now() + interval '1 day', 1) $$,
  '42501', null, 'a creator cannot create a session in someone else''s name');
select throws_ok($$ insert into sessions (title, price_minor, currency, duration_minutes, starts_at, capacity) values ('x', 0, 'eur', 60, now() + interval '1 day', 1) $$,
  '23514', null, 'a session needs a location or an online URL');
select throws_ok($$ insert into sessions (title, price_minor, currency, duration_minutes, location, starts_at, capacity) values ('x', -1, 'eur', 60, 'y', now() + interval '1 day', 1) $$,
  '23514', null, 'prices are never negative');
select throws_ok($$ update sessions set image_path = 'someone-else/pic.png' where id = '5e550000-0000-4000-8000-0000000000a1' $$,
  '23514', null, 'a session image lives under the creator''s own folder');

-- editing ------------------------------------------------------------------------------------------
select results_eq($$ update sessions set title = 'Renamed' where id = '5e550000-0000-4000-8000-0000000000a1' returning title $$, $$ values ('Renamed') $$, 'the owner edits their session');
select throws_ok($$ update sessions set creator_id = tests.get_user_id('carl@test.dev') where id = '5e550000-0000-4000-8000-0000000000a1' $$,
  '42501', null, 'the owner column is not updatable');
select tests.authenticate_as('carl@test.dev');
select is_empty($$ update sessions set title = 'Hijacked' where id = '5e550000-0000-4000-8000-0000000000a1' returning id $$, 'another creator cannot edit it');
select is_empty($$ delete from sessions where id = '5e550000-0000-4000-8000-0000000000a1' returning id $$, 'another creator cannot delete it');

-- no overlapping published sessions per creator ----------------------------------------------------
select tests.authenticate_as('cora@test.dev');
select lives_ok($$ insert into sessions (title, price_minor, currency, duration_minutes, location, starts_at, capacity)
                   select 'Overlapping draft', 0, 'eur', 60, 'y', starts_at + interval '30 minutes', 1 from sessions where id = '5e550000-0000-4000-8000-0000000000a1' $$,
  'an overlapping draft is allowed');
select throws_ok($$ update sessions set published = true where title = 'Overlapping draft' $$,
  '23P01', null, 'publishing a session that overlaps a published one of the same creator fails');
select tests.authenticate_as('carl@test.dev');
select lives_ok($$ insert into sessions (title, price_minor, currency, duration_minutes, location, starts_at, capacity, published)
                   values ('Carl at the same time', 0, 'eur', 60, 'y', (select starts_at from sessions where id = '5e550000-0000-4000-8000-0000000000a1'), 1, true) $$,
  'another creator may publish at the same time');
select tests.authenticate_as('cora@test.dev');
select lives_ok($$ update sessions set published = true, starts_at = starts_at + interval '1 day' where title = 'Overlapping draft' $$,
  'moved past the other session, it can be published');

select * from finish();
rollback;
