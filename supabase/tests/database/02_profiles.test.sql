-- Profiles: on_auth_user_created, the role × operation matrix, the custom access token hook.
begin;
\ir _helpers.psql
select plan(40);

select tests.create_user('seeker@test.dev', 'seeker');
select tests.create_user('facilitator@test.dev', 'facilitator');
select tests.create_user('creator@test.dev', 'creator');
select tests.create_admin('admin@test.dev');
select tests.create_user('wannabe@test.dev', 'admin');
select tests.create_user('typo@test.dev', 'superuser');
select tests.create_user('other@test.dev', 'seeker', 'Other Person');
insert into auth.users (id, email, raw_user_meta_data) values ('00000000-0000-4000-8000-0000000000aa', 'bare@test.dev', null);
-- Every profile in the database, seed included, as the superuser sees them.
select set_config('tests.profile_count', (select count(*) from profiles)::text, true);

-- on_auth_user_created -----------------------------------------------------------------------------
select is((select role from profiles where id = tests.get_user_id('facilitator@test.dev')), 'facilitator', 'sign-up as facilitator keeps the role');
select is((select role from profiles where id = tests.get_user_id('creator@test.dev')), 'creator', 'sign-up as creator keeps the role');
select is((select role from profiles where id = tests.get_user_id('wannabe@test.dev')), 'seeker', 'sign-up asking for admin yields a seeker');
select is((select role from profiles where id = tests.get_user_id('typo@test.dev')), 'seeker', 'an unknown role yields a seeker');
select is((select display_name from profiles where id = tests.get_user_id('other@test.dev')), 'Other Person', 'display name from sign-up metadata');
select row_eq($$ select display_name, role::text from profiles where id = '00000000-0000-4000-8000-0000000000aa' $$,
  row('bare'::text, 'seeker'::text), 'no metadata: seeker named after the email');

-- anon ---------------------------------------------------------------------------------------------
select tests.authenticate_as_anon();
select throws_ok('select * from profiles', '42501', null, 'anon cannot read profiles');
select throws_ok($$ insert into profiles (id, display_name) values (gen_random_uuid(), 'x') $$, '42501', null, 'anon cannot insert profiles');
select throws_ok($$ update profiles set bio = 'x' $$, '42501', null, 'anon cannot update profiles');
select throws_ok($$ delete from profiles $$, '42501', null, 'anon cannot delete profiles');

-- seeker, facilitator, creator: same rights over profiles -----------------------------------------
select tests.authenticate_as('seeker@test.dev');
select is((select count(*) from profiles), current_setting('tests.profile_count')::bigint, 'a seeker reads every public profile');
select throws_ok($$ insert into profiles (id, display_name) values (gen_random_uuid(), 'x') $$, '42501', null, 'a seeker cannot insert profiles');
select results_eq($$ update profiles set bio = 'hello' where id = auth.uid() returning bio $$, $$ values ('hello') $$, 'a seeker updates their own bio');
select is_empty($$ update profiles set bio = 'defaced' where id = tests.get_user_id('other@test.dev') returning id $$, 'a seeker cannot update another profile');
select throws_ok($$ update profiles set role = 'admin' where id = auth.uid() $$, '42501', null, 'a seeker cannot change their own role');
select throws_ok($$ update profiles set id = gen_random_uuid() where id = auth.uid() $$, '42501', null, 'a seeker cannot change their id');
select throws_ok($$ delete from profiles where id = auth.uid() $$, '42501', null, 'a seeker cannot delete profiles');
select throws_ok($$ select set_user_role(auth.uid(), 'admin') $$, '42501', 'only admins can change roles', 'a seeker cannot promote themselves');

select tests.authenticate_as('facilitator@test.dev');
select results_eq($$ update profiles set display_name = 'Fay' where id = auth.uid() returning display_name $$, $$ values ('Fay') $$, 'a facilitator updates their own name');
select is_empty($$ update profiles set bio = 'x' where id = tests.get_user_id('seeker@test.dev') returning id $$, 'a facilitator cannot update another profile');
select throws_ok($$ update profiles set role = 'creator' where id = auth.uid() $$, '42501', null, 'a facilitator cannot change their role');
select throws_ok($$ delete from profiles where id = auth.uid() $$, '42501', null, 'a facilitator cannot delete profiles');

select tests.authenticate_as('creator@test.dev');
select results_eq($$ update profiles set bio = 'I teach' where id = auth.uid() returning bio $$, $$ values ('I teach') $$, 'a creator updates their own bio');
select is_empty($$ update profiles set bio = 'x' where id = tests.get_user_id('seeker@test.dev') returning id $$, 'a creator cannot update another profile');
select throws_ok($$ update profiles set role = 'admin' where id = auth.uid() $$, '42501', null, 'a creator cannot change their role');
select throws_ok($$ insert into profiles (id, display_name) values (gen_random_uuid(), 'x') $$, '42501', null, 'a creator cannot insert profiles');

-- admin --------------------------------------------------------------------------------------------
select tests.authenticate_as('admin@test.dev');
select is((select count(*) from profiles), current_setting('tests.profile_count')::bigint, 'an admin reads every profile');
select is_empty($$ update profiles set bio = 'x' where id = tests.get_user_id('seeker@test.dev') returning id $$, 'an admin does not edit other profiles through the table');
select is((select role::text from set_user_role(tests.get_user_id('seeker@test.dev'), 'facilitator')), 'facilitator', 'an admin changes a role with set_user_role');
select throws_ok($$ delete from profiles $$, '42501', null, 'an admin cannot delete profiles');

-- service_role -------------------------------------------------------------------------------------
select tests.authenticate_as_service_role();
select is((select count(*) from profiles), current_setting('tests.profile_count')::bigint, 'service_role reads every profile');
select results_eq($$ update profiles set role = 'creator' where id = tests.get_user_id('typo@test.dev') returning role::text $$, $$ values ('creator') $$, 'service_role may change roles');
select results_eq($$ delete from profiles where id = '00000000-0000-4000-8000-0000000000aa' returning display_name $$, $$ values ('bare') $$, 'service_role may delete profiles');

-- custom access token hook -------------------------------------------------------------------------
select tests.clear_authentication();
create function pg_temp.hook_role(email text) returns jsonb language sql as $$
  select public.custom_access_token_hook(jsonb_build_object('user_id', tests.get_user_id(email), 'claims', '{"role": "authenticated"}'::jsonb)) -> 'claims' -> 'user_role'
$$;
select is(pg_temp.hook_role('seeker@test.dev'), '"facilitator"'::jsonb, 'hook: role follows the profile after an admin change');
select is(pg_temp.hook_role('creator@test.dev'), '"creator"'::jsonb, 'hook: creator claim');
select is(pg_temp.hook_role('admin@test.dev'), '"admin"'::jsonb, 'hook: admin claim');
select is(pg_temp.hook_role('wannabe@test.dev'), '"seeker"'::jsonb, 'hook: seeker claim');
select is(
  public.custom_access_token_hook('{"user_id": "00000000-0000-4000-8000-0000000000ff", "claims": {"role": "authenticated", "sub": "x"}}') -> 'claims',
  '{"role": "authenticated", "sub": "x", "user_role": null}'::jsonb,
  'hook: a user without a profile gets a null role and keeps the other claims'
);
select ok(has_function_privilege('supabase_auth_admin', 'public.custom_access_token_hook(jsonb)', 'execute'), 'supabase_auth_admin may run the hook');
select ok(not has_function_privilege('authenticated', 'public.custom_access_token_hook(jsonb)', 'execute')
          and not has_function_privilege('anon', 'public.custom_access_token_hook(jsonb)', 'execute'), 'API roles may not run the hook');

select * from finish();
rollback;
