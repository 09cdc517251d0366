-- Object names users control: `<me>/../<victim>/…`, empty segments and backslashes are refused in
-- the avatars and session-images buckets, and profiles.avatar_path stays in the owner's folder.
begin;
\ir _helpers.psql
select plan(16);

select tests.create_user('mia@test.dev');
select tests.create_user('vic@test.dev');
select tests.create_user('cody@test.dev', 'creator');

select tests.authenticate_as('mia@test.dev');
select throws_ok(format($$ insert into storage.objects (bucket_id, name) values ('avatars', '%s/../%s/avatar.png') $$,
  tests.get_user_id('mia@test.dev'), tests.get_user_id('vic@test.dev')), '42501', null, 'no `..` into another user''s folder');
select throws_ok(format($$ insert into storage.objects (bucket_id, name) values ('avatars', '%s//avatar.png') $$, tests.get_user_id('mia@test.dev')),
  '42501', null, 'no empty segment');
select throws_ok(format($$ insert into storage.objects (bucket_id, name) values ('avatars', '%s/a\..\b.png') $$, tests.get_user_id('mia@test.dev')),
  '42501', null, 'no backslashes');
select throws_ok(format($$ insert into storage.objects (bucket_id, name) values ('avatars', '%s/') $$, tests.get_user_id('mia@test.dev')),
  '42501', null, 'no trailing empty segment');
select lives_ok(format($$ insert into storage.objects (bucket_id, name, owner) values ('avatars', '%s/me.v2.png', auth.uid()) $$, tests.get_user_id('mia@test.dev')),
  'a plain name in the own folder is fine');
select throws_ok(format($$ update storage.objects set name = '%s/../%s/avatar.png' where bucket_id = 'avatars' $$,
  tests.get_user_id('mia@test.dev'), tests.get_user_id('vic@test.dev')), '42501', null, 'no rename through `..`');

select tests.authenticate_as('cody@test.dev');
select throws_ok(format($$ insert into storage.objects (bucket_id, name) values ('session-images', '%s/../%s/wheel.png') $$,
  tests.get_user_id('cody@test.dev'), tests.get_user_id('vic@test.dev')), '42501', null, 'session images: no `..`');
select throws_ok(format($$ insert into storage.objects (bucket_id, name) values ('session-images', '%s//wheel.png') $$, tests.get_user_id('cody@test.dev')),
  '42501', null, 'session images: no empty segment');
select lives_ok(format($$ insert into storage.objects (bucket_id, name, owner) values ('session-images', '%s/wheel.png', auth.uid()) $$, tests.get_user_id('cody@test.dev')),
  'session images: a plain name is fine');
select throws_ok(format($$ update storage.objects set name = '%s/..\x.png' where bucket_id = 'session-images' $$, tests.get_user_id('cody@test.dev')),
  '42501', null, 'session images: no rename into a bad name');

-- profiles.avatar_path ------------------------------------------------------------------------------
select tests.authenticate_as('mia@test.dev');
select throws_ok($$ update profiles set avatar_path = 'https://tracker.example/pixel.gif' where id = auth.uid() $$,
  '23514', null, 'an outside URL is refused');
select throws_ok(format($$ update profiles set avatar_path = '%s/avatar.png' where id = auth.uid() $$, tests.get_user_id('vic@test.dev')),
  '23514', null, 'another user''s avatar is refused');
select throws_ok(format($$ update profiles set avatar_path = '%s/../%s/avatar.png' where id = auth.uid() $$,
  tests.get_user_id('mia@test.dev'), tests.get_user_id('vic@test.dev')), '23514', null, 'a `..` path is refused');
select results_eq(format($$ update profiles set avatar_path = '%s/me.v2.png' where id = auth.uid() returning avatar_path $$, tests.get_user_id('mia@test.dev')),
  format($$ values ('%s/me.v2.png'::text) $$, tests.get_user_id('mia@test.dev')), 'an avatar in the own folder is accepted');
select results_eq($$ update profiles set avatar_path = null where id = auth.uid() returning avatar_path $$,
  $$ values (null::text) $$, 'and it can be removed');
select ok(private.is_plain_object_name('a/b/c.png') and not private.is_plain_object_name('/a.png') and not private.is_plain_object_name(''),
  'plain names: relative, non-empty');

select * from finish();
rollback;
