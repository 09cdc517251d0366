-- Avatars: public read, each user writes only under their own folder, images only.
begin;
\ir _helpers.psql
select plan(10);

select tests.create_user('ava@test.dev');
select tests.create_user('bo@test.dev');

select is((select public and allowed_mime_types = array['image/png', 'image/jpeg', 'image/webp'] and file_size_limit = 2097152
           from storage.buckets where id = 'avatars'), true, 'avatars is public, images only, 2 MiB');

select tests.authenticate_as('ava@test.dev');
select lives_ok(format($$ insert into storage.objects (bucket_id, name, owner) values ('avatars', '%s/me.png', auth.uid()) $$, tests.get_user_id('ava@test.dev')),
  'a user uploads into their own folder');
select throws_ok(format($$ insert into storage.objects (bucket_id, name) values ('avatars', '%s/me.png') $$, tests.get_user_id('bo@test.dev')),
  '42501', null, 'a user cannot upload into someone else''s folder');
select throws_ok(format($$ insert into storage.objects (bucket_id, name) values ('avatars', '%s/script.svg') $$, tests.get_user_id('ava@test.dev')),
  '42501', null, 'non-image extensions are refused');
select throws_ok($$ insert into storage.objects (bucket_id, name) values ('avatars', 'me.png') $$, '42501', null, 'files outside any folder are refused');
select results_eq($$ update storage.objects set name = name || '' where bucket_id = 'avatars' returning (storage.foldername(name))[1] $$,
  format($$ values (%L::text) $$, tests.get_user_id('ava@test.dev')), 'a user updates their own avatar');

select tests.authenticate_as('bo@test.dev');
select is_empty($$ update storage.objects set name = 'stolen.png' where bucket_id = 'avatars' returning id $$, 'another user cannot rename it');
-- Storage's schema refuses direct deletes unless the Storage API (which sets this) is the caller.
set local storage.allow_delete_query = 'true';
select is_empty($$ delete from storage.objects where bucket_id = 'avatars' returning id $$, 'another user cannot delete it');

select tests.authenticate_as_anon();
select is((select count(*) from storage.objects where bucket_id = 'avatars'), 1::bigint, 'anyone reads avatars');

select tests.authenticate_as('ava@test.dev');
select results_eq($$ delete from storage.objects where bucket_id = 'avatars' returning bucket_id $$, $$ values ('avatars'::text) $$, 'the owner deletes it');

select * from finish();
rollback;
