-- The session-images bucket: public, png/jpeg/webp, 5 MiB; creators write only under their own
-- user id folder; anyone reads. (tests/storage.test.ts proves the same through the Storage API.)
begin;
\ir _helpers.psql
select plan(10);

select tests.create_user('cora@test.dev', 'creator');
select tests.create_user('carl@test.dev', 'creator');
select tests.create_user('sam@test.dev', 'seeker');

select results_eq($$ select public, file_size_limit, allowed_mime_types from storage.buckets where id = 'session-images' $$,
  $$ values (true, 5242880::bigint, array['image/png', 'image/jpeg', 'image/webp']) $$, 'the bucket is public, 5 MiB, images only');

select tests.authenticate_as('cora@test.dev');
select lives_ok($$ insert into storage.objects (bucket_id, name, owner) values ('session-images', auth.uid() || '/wheel.png', auth.uid()) $$,
  'a creator uploads under their own folder');
select throws_ok($$ insert into storage.objects (bucket_id, name) values ('session-images', tests.get_user_id('carl@test.dev') || '/fake.png') $$,
  '42501', null, 'a creator cannot upload into another creator''s folder');
select throws_ok($$ insert into storage.objects (bucket_id, name) values ('session-images', auth.uid() || '/script.svg') $$,
  '42501', null, 'only png/jpeg/webp names are accepted');
select throws_ok($$ insert into storage.objects (bucket_id, name) values ('session-images', 'loose.png') $$,
  '42501', null, 'nothing outside a user folder');

select tests.authenticate_as('sam@test.dev');
select throws_ok($$ insert into storage.objects (bucket_id, name) values ('session-images', auth.uid() || '/me.png') $$,
  '42501', null, 'a seeker cannot upload session images');

select tests.authenticate_as('carl@test.dev');
select is_empty($$ update storage.objects set name = auth.uid() || '/stolen.png' where bucket_id = 'session-images' returning id $$, 'another creator cannot move it');
-- Storage's schema refuses direct deletes unless the Storage API (which sets this) is the caller.
set local storage.allow_delete_query = 'true';
select is_empty($$ delete from storage.objects where bucket_id = 'session-images' returning id $$, 'another creator cannot delete it');

select tests.authenticate_as_anon();
select results_eq($$ select count(*)::int from storage.objects where bucket_id = 'session-images' $$, $$ values (1) $$, 'anyone reads session images');

select tests.authenticate_as('cora@test.dev');
select results_eq($$ delete from storage.objects where bucket_id = 'session-images' returning storage.filename(name) $$, $$ values ('wheel.png') $$, 'the owner deletes their image');

select * from finish();
rollback;
