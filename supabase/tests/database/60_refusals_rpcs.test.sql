-- Function writes through PostgREST as the caller: rpc/enroll, rpc/cancel_enrollment and rpc/check_in
-- take the user from auth.uid() and see events as the select policy does; rpc/count_function_write
-- is the service role's and answers the pre-request's 429 over the limit.
begin;
\ir _helpers.psql
select plan(32);

select tests.create_user('org@test.dev', 'facilitator');
select tests.create_user('other@test.dev', 'facilitator');
select tests.create_user('co@test.dev', 'facilitator');
select tests.create_user('mem@test.dev');
select tests.create_user('ann@test.dev');

insert into events (title, organizer_id, starts_at, capacity, status) values
  ('Open', tests.get_user_id('org@test.dev'), now() + interval '1 hour', 1, 'published'),
  ('Org draft', tests.get_user_id('org@test.dev'), now() + interval '3 days', 10, 'draft'),
  ('Other draft', tests.get_user_id('other@test.dev'), now() + interval '3 days', 10, 'draft');
insert into event_members (event_id, user_id, role) values
  (tests.event_id('Open'), tests.get_user_id('co@test.dev'), 'co_organizer'),
  (tests.event_id('Org draft'), tests.get_user_id('mem@test.dev'), 'member');

-- Grants and shape ---------------------------------------------------------------------------------
select ok(not has_function_privilege('anon', f, 'execute') and has_function_privilege('authenticated', f, 'execute'),
  f || ': authenticated only') from unnest(array['public.enroll(uuid)', 'public.cancel_enrollment(uuid)', 'public.check_in(text, uuid, uuid)']) f;
select ok(not has_function_privilege('anon', 'public.count_function_write(uuid, integer)', 'execute')
      and not has_function_privilege('authenticated', 'public.count_function_write(uuid, integer)', 'execute')
      and has_function_privilege('service_role', 'public.count_function_write(uuid, integer)', 'execute'),
  'count_function_write: service role only');
select is_empty($$
  select p.oid::regprocedure from pg_proc p
   where p.oid in ('public.enroll(uuid)'::regprocedure, 'public.cancel_enrollment(uuid)'::regprocedure,
                   'public.check_in(text, uuid, uuid)'::regprocedure, 'public.count_function_write(uuid, integer)'::regprocedure)
     and not (p.prosecdef and p.proconfig @> array['search_path=""']) $$,
  'the wrappers are definers with an empty search_path');
select is((select array_agg(p.parameter_name::text order by p.ordinal_position) from information_schema.parameters p
            where p.specific_schema = 'public' and p.specific_name like 'enroll\_%'), array['event_id'],
  'the user is never an argument: rpc/enroll takes only event_id');

-- The wrappers see events exactly as the events select policy lets the caller ------------------------
create function pg_temp.visibility_agrees(email text) returns boolean language plpgsql as $$
declare
  seen uuid[];
  agrees boolean;
begin
  perform tests.authenticate_as(email);
  select coalesce(array_agg(e.id), '{}') into seen from public.events e;
  perform set_config('role', 'none', true); -- back to the test's owner; the caller's claims stay
  select bool_and((e.id = any(seen)) = private.caller_can_read_event(e.id)) into agrees from public.events e;
  perform tests.clear_authentication();
  return agrees;
end
$$;
select ok(pg_temp.visibility_agrees(email), 'private.caller_can_read_event agrees with the events select policy for ' || email)
  from unnest(array['org@test.dev', 'other@test.dev', 'co@test.dev', 'mem@test.dev', 'ann@test.dev']) email;

-- rpc/enroll, rpc/cancel_enrollment ----------------------------------------------------------------
select tests.authenticate_as('ann@test.dev');
select is((select public.enroll(tests.event_id('Open')) - 'enrollment_id' - 'event_id'), '{"status": "enrolled", "position": null}'::jsonb,
  'a user enrolls themselves');
select is((select user_id from enrollments where event_id = tests.event_id('Open')), auth.uid(), 'as themselves (auth.uid())');
select is(tests.refusal($$ select public.enroll(tests.event_id('Open')) $$), 'PT409 already_enrolled', 'twice is refused');
select is(tests.refusal($$ select public.enroll(tests.event_id('Other draft')) $$), 'PT404 event_not_found',
  'another organizer''s draft does not exist for the caller');
select is(tests.refusal($$ select public.enroll(gen_random_uuid()) $$), 'PT404 event_not_found', 'nor does an unknown event');
select is(tests.refusal($$ select public.cancel_enrollment(tests.event_id('Other draft')) $$), 'PT404 event_not_found',
  'cancelling in a hidden draft: not found');
select tests.authenticate_as('mem@test.dev');
select is(tests.refusal($$ select public.enroll(tests.event_id('Org draft')) $$), 'PT422 event_draft',
  'a member sees the draft, and is told it is not published');
select is((select public.enroll(tests.event_id('Open')) ->> 'status'), 'waitlisted', 'the next person is waitlisted');
select tests.authenticate_as('ann@test.dev');
select is((select public.cancel_enrollment(tests.event_id('Open')) - 'enrollment_id' - 'event_id'), '{"status": "cancelled", "promoted": 1}'::jsonb,
  'a user cancels their own enrollment; the waitlist moves up');
select is(tests.refusal($$ select public.cancel_enrollment(tests.event_id('Open')) $$), 'PT404 not_enrolled', 'cancelling twice is refused');
select tests.authenticate_as_anon();
select throws_ok($$ select public.enroll(tests.event_id('Open')) $$, '42501', null, 'anon cannot enroll');
select tests.clear_authentication();

-- rpc/check_in --------------------------------------------------------------------------------------
select set_config('tests.code', (select t.code from tickets t join enrollments en on en.id = t.enrollment_id
  where en.user_id = tests.get_user_id('mem@test.dev') and en.event_id = tests.event_id('Open')), true);
select tests.authenticate_as('mem@test.dev');
select is(tests.refusal($$ select public.check_in(current_setting('tests.code'), tests.event_id('Open')) $$), 'PT403 not_organizer',
  'an attendee cannot check themselves in');
select tests.authenticate_as('co@test.dev');
select is((select public.check_in(current_setting('tests.code'), tests.event_id('Open')) ->> 'status'), 'checked_in',
  'a co-organizer checks the attendee in, as themselves');
select is(tests.refusal($$ select public.check_in('nonsense', event_id => tests.event_id('Open')) $$), 'PT400 ticket_malformed', 'refusals pass through');
select tests.clear_authentication();
select is((select checked_in_by from tickets where code = current_setting('tests.code')), tests.get_user_id('co@test.dev'), 'the scanner is auth.uid()');

-- rpc/count_function_write -------------------------------------------------------------------------
select tests.clear_authentication();
insert into rate_limits (subject, max_writes, window_seconds) values ('user:' || tests.get_user_id('ann@test.dev'), 2, 3600);
select tests.authenticate_as_service_role();
select lives_ok(format('select public.count_function_write(%L)', tests.get_user_id('ann@test.dev')), 'the first write counts');
select lives_ok(format('select public.count_function_write(%L)', tests.get_user_id('ann@test.dev')), 'the second write counts');
create function pg_temp.rate_limited(statement text) returns jsonb language plpgsql as $$
declare
  state text;
  msg text;
  detail text;
begin
  execute statement;
  return null;
exception when others then
  get stacked diagnostics state = returned_sqlstate, msg = message_text, detail = pg_exception_detail;
  return jsonb_build_object('sqlstate', state, 'code', msg::jsonb ->> 'code', 'status', detail::jsonb -> 'status',
                            'retry_after', detail::jsonb -> 'headers' ->> 'Retry-After');
end
$$;
select is(pg_temp.rate_limited(format('select public.count_function_write(%L)', tests.get_user_id('ann@test.dev'))) - 'retry_after',
  '{"sqlstate": "PGRST", "code": "rate_limited", "status": 429}'::jsonb, 'the third is refused exactly like a REST write over the limit');
select ok((pg_temp.rate_limited(format('select public.count_function_write(%L)', tests.get_user_id('ann@test.dev'))) ->> 'retry_after')::integer > 0,
  'with a Retry-After');
select throws_ok(format('select public.count_function_write(%L, 0)', tests.get_user_id('ann@test.dev')), '22023', null, 'a weight below 1 is invalid');
select tests.clear_authentication();
select is((select sum(hits)::integer from private.rate_limit_counters where subject = 'user:' || tests.get_user_id('ann@test.dev')), 2,
  'writes under the limit were counted under the user''s subject');

select * from finish();
rollback;
