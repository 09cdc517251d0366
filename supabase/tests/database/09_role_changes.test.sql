-- Roles take effect at once: policies read the role from the profile, so a token issued before a
-- role change (its user_role claim still says the old role) carries none of the old powers.
begin;
\ir _helpers.psql
select plan(6);

select tests.create_user('demoted@test.dev', 'facilitator');
select tests.create_user('promoted@test.dev', 'seeker');

-- The demoted facilitator's token: the hook's claims as issued before the change.
select tests.authenticate_as('demoted@test.dev');
select lives_ok($$ insert into events (title) values ('Before demotion') $$, 'a facilitator creates events');
select is(auth.jwt() ->> 'user_role', 'facilitator', 'the token says facilitator');
create temp table stale_claims on commit drop as select current_setting('request.jwt.claims') as claims;
grant select on stale_claims to authenticated;

select tests.clear_authentication();
update public.profiles set role = 'seeker' where id = tests.get_user_id('demoted@test.dev');

-- Same token, next request.
select set_config('request.jwt.claims', (select claims from stale_claims), true);
set local role authenticated;
select is(auth.jwt() ->> 'user_role', 'facilitator', 'the old token still claims facilitator');
select throws_ok($$ insert into events (title) values ('After demotion') $$, '42501', null,
  'a demoted facilitator cannot create events with the old token');
select is(private.jwt_role(), 'seeker'::public.user_role, 'policies see the role in the profile');

-- And the other way: a seeker promoted to creator may publish sessions before re-signing in.
select tests.clear_authentication();
select tests.authenticate_as('promoted@test.dev');
create temp table seeker_claims on commit drop as select current_setting('request.jwt.claims') as claims;
select tests.clear_authentication();
update public.profiles set role = 'creator' where id = tests.get_user_id('promoted@test.dev');
select set_config('request.jwt.claims', (select claims from seeker_claims), true);
set local role authenticated;
select lives_ok($$ insert into sessions (title, price_minor, currency, duration_minutes, location, starts_at, capacity)
                  values ('Pottery basics', 2500, 'eur', 60, 'Studio 4', now() + interval '3 days', 4) $$,
  'a promoted creator creates a session with the token issued when they were a seeker');

select * from finish();
rollback;
