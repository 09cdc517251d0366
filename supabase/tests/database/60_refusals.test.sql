-- One way to refuse: the private.refusals table, private.refuse (PT<status>, message, HINT = reason,
-- DETAIL = JSON), no other refusal style left in any function body, and every reason raised for real.
begin;
\ir _helpers.psql
select plan(46);

-- The table ----------------------------------------------------------------------------------------
select isnt_empty($$ select reason from private.refusals $$, 'private.refusals lists the reasons');
select is_empty($$ select reason from private.refusals where status not between 400 and 499 $$, 'every reason has a 4xx status');
select throws_ok($$ insert into private.refusals values ('teapot', 418, 'teapot', 'I am a teapot.'), ('oops', 500, 'oops', 'Oops.') $$,
  '23514', null, 'a reason with a status outside 4xx cannot be added');
select throws_ok($$ insert into private.refusals values ('Bad Reason', 409, 'conflict', 'No.') $$,
  '23514', null, 'a reason is snake_case');
select is((select relrowsecurity from pg_class where oid = 'private.refusals'::regclass), true, 'RLS is on for private.refusals');
select ok(not has_table_privilege('anon', 'private.refusals', 'select') and not has_table_privilege('authenticated', 'private.refusals', 'select'),
  'API roles cannot read private.refusals');
select ok(has_function_privilege('anon', 'private.refuse(text, jsonb)', 'execute')
      and has_function_privilege('authenticated', 'private.refuse(text, jsonb)', 'execute')
      and has_function_privilege('service_role', 'private.refuse(text, jsonb)', 'execute'),
  'invoker triggers of every API role may refuse');
select is((select prosecdef and proconfig @> array['search_path=""'] from pg_proc where oid = 'private.refuse(text, jsonb)'::regprocedure),
  true, 'private.refuse is a definer with an empty search_path');

-- private.refuse -----------------------------------------------------------------------------------
create function pg_temp.raised(statement text) returns jsonb language plpgsql as $$
declare
  state text;
  msg text;
  hint text;
  detail text;
begin
  execute statement;
  return null;
exception when others then
  get stacked diagnostics state = returned_sqlstate, msg = message_text, hint = pg_exception_hint, detail = pg_exception_detail;
  return jsonb_build_object('sqlstate', state, 'message', msg, 'hint', hint, 'detail', detail);
end
$$;
grant execute on function pg_temp.raised(text) to anon, authenticated;

select tests.authenticate_as_anon();
select is(pg_temp.raised($$ select private.refuse('already_enrolled', '{"status": "waitlisted"}') $$),
  jsonb_build_object('sqlstate', 'PT409', 'message', 'You are already enrolled or waitlisted for this event.',
                     'hint', 'already_enrolled', 'detail', '{"status": "waitlisted"}'),
  'refuse raises PT<status> with the row''s message, the reason as hint and the details as detail (even as anon)');
select tests.clear_authentication();
select is(pg_temp.raised($$ select private.refuse('ticket_malformed') $$) ->> 'detail', '{}', 'no details: detail is {}');
select is(pg_temp.raised($$ select private.refuse('event_not_found', null) $$) ->> 'sqlstate', 'PT404', 'the status becomes the SQLSTATE');
select is(pg_temp.raised($$ select private.refuse('no_such_reason') $$) ->> 'sqlstate', 'P0001', 'an unknown reason is an internal error, not a refusal');
select matches(pg_temp.raised($$ select private.refuse('no_such_reason') $$) ->> 'message', 'no_such_reason', 'which names the reason');
select is(tests.refusal($$ select private.refuse('poll_closed') $$), 'PT409 poll_closed', 'tests.refusal reads SQLSTATE and reason');

-- No other way to refuse is left -------------------------------------------------------------------
create temp table bodies as
select n.nspname || '.' || p.proname as fn, p.prosrc as src
  from pg_proc p join pg_namespace n on n.oid = p.pronamespace
 where n.nspname in ('public', 'private') and p.prolang = (select oid from pg_language where lanname = 'plpgsql');

select is_empty($$ select fn from bodies where fn <> 'private.refuse' and src ~* $re$(errcode\s*=|sqlstate)\s*'(GH|PT)[0-9]$re$ $$,
  'no function raises a GHxxx or PTxxx SQLSTATE itself: only private.refuse does');
select is_empty($$ select fn from bodies where src ~* $re$raise\s+(exception\s+)?'[a-z_]+: $re$ $$,
  'no function puts a "reason: …" prefix in a message for callers to parse');
select is_empty($$ select fn from bodies where src ~* $re$using\s+[^;]*message\s*=\s*'[a-z_]+: $re$ $$,
  'nor through USING message');
select is_empty($$
  select distinct m[1] from bodies, regexp_matches(src, $re$private\.refuse\('([^']*)'$re$, 'g') m
  except select reason from private.refusals $$,
  'every reason a function refuses with is a row of private.refusals');
select is_empty($$
  select reason from private.refusals
  except select distinct m[1] from bodies, regexp_matches(src, $re$private\.refuse\('([^']*)'$re$, 'g') m $$,
  'every row of private.refusals is raised by some function (no dead reasons)');

-- Every refusal, raised by its function ------------------------------------------------------------
select tests.create_user('org@test.dev', 'facilitator');
select tests.create_user('mem@test.dev');
select tests.create_user('ann@test.dev');
select tests.create_user('bob@test.dev');
select tests.create_user('cora@test.dev', 'creator');

insert into events (title, organizer_id, starts_at, capacity, status) values
  ('Open', tests.get_user_id('org@test.dev'), now() + interval '3 days', 1, 'published'),
  ('Draft', tests.get_user_id('org@test.dev'), now() + interval '3 days', 10, 'draft'),
  ('Called off', tests.get_user_id('org@test.dev'), now() + interval '3 days', 10, 'published'),
  ('Started', tests.get_user_id('org@test.dev'), now() - interval '1 hour', 10, 'published');
update events set status = 'cancelled' where title = 'Called off';
insert into event_members (event_id, user_id, role) values (tests.event_id('Draft'), tests.get_user_id('mem@test.dev'), 'member');
insert into sessions (id, creator_id, title, price_minor, currency, duration_minutes, location, starts_at, capacity, published) values
  ('5e550000-0000-4000-8000-0000000000d1', tests.get_user_id('cora@test.dev'), 'Paid', 3000, 'eur', 60, 'Studio', now() + interval '2 days', 1, true),
  ('5e550000-0000-4000-8000-0000000000d2', tests.get_user_id('cora@test.dev'), 'Free', 0, 'eur', 60, 'Studio', now() + interval '3 days', 5, true),
  ('5e550000-0000-4000-8000-0000000000d3', tests.get_user_id('cora@test.dev'), 'Begun', 0, 'eur', 60, 'Studio', now() + interval '4 days', 5, true);

-- enrollment
select private.enroll(tests.event_id('Open'), tests.get_user_id('ann@test.dev'));
select is(tests.refusal(format('select private.enroll(%L, %L)', gen_random_uuid(), tests.get_user_id('ann@test.dev'))),
  'PT404 event_not_found', 'enroll: unknown event');
select is(tests.refusal(format('select private.enroll(%L, %L)', tests.event_id('Draft'), tests.get_user_id('ann@test.dev'))),
  'PT422 event_draft', 'enroll: draft');
select is(tests.refusal(format('select private.enroll(%L, %L)', tests.event_id('Called off'), tests.get_user_id('ann@test.dev'))),
  'PT422 event_cancelled', 'enroll: cancelled event');
select is(tests.refusal(format('select private.enroll(%L, %L)', tests.event_id('Started'), tests.get_user_id('ann@test.dev'))),
  'PT422 event_past', 'enroll: started event');
select is(tests.refusal(format('select private.enroll(%L, %L)', tests.event_id('Open'), tests.get_user_id('ann@test.dev'))),
  'PT409 already_enrolled', 'enroll: twice');
select is(pg_temp.raised(format('select private.enroll(%L, %L)', tests.event_id('Open'), tests.get_user_id('ann@test.dev'))) ->> 'detail',
  jsonb_build_object('event_id', tests.event_id('Open'), 'status', 'enrolled')::text, 'the enrollment''s status is a fact in the detail, not in the message');
select is(tests.refusal(format('select private.cancel_enrollment(%L, %L)', gen_random_uuid(), tests.get_user_id('ann@test.dev'))),
  'PT404 event_not_found', 'cancel_enrollment: unknown event');
select is(tests.refusal(format('select private.cancel_enrollment(%L, %L)', tests.event_id('Open'), tests.get_user_id('bob@test.dev'))),
  'PT404 not_enrolled', 'cancel_enrollment: not enrolled');

-- check-in (a ticket for the free session, a future event's ticket)
select public.book_session('5e550000-0000-4000-8000-0000000000d2', tests.get_user_id('ann@test.dev'));
select is(tests.refusal(format('select private.check_in(%L, %L, null, %L)', 'x', tests.event_id('Open'), tests.get_user_id('mem@test.dev'))),
  'PT403 not_organizer', 'check_in: not an organizer');
select is(tests.refusal(format('select private.check_in(%L, %L, null, %L)', 'x', tests.event_id('Open'), tests.get_user_id('org@test.dev'))),
  'PT400 ticket_malformed', 'check_in: malformed');
select is(tests.refusal(format('select private.check_in(%L, %L, null, %L)', 'gh1.' || repeat('ab', 16) || '.' || repeat('0', 32),
  tests.event_id('Open'), tests.get_user_id('org@test.dev'))), 'PT422 ticket_forged', 'check_in: forged');
select is(tests.refusal(format('select private.check_in(%L, %L, null, %L)', 'gh1.' || repeat('ab', 16) || '.' || private.ticket_signature('gh1.' || repeat('ab', 16)),
  tests.event_id('Open'), tests.get_user_id('org@test.dev'))), 'PT404 ticket_unknown', 'check_in: unknown');
select is(tests.refusal(format('select private.check_in(%L, %L, null, %L)', (select code from tickets where booking_id is not null and user_id = tests.get_user_id('ann@test.dev')),
  tests.event_id('Open'), tests.get_user_id('org@test.dev'))), 'PT409 ticket_other_event', 'check_in: another event''s ticket');
select is(tests.refusal(format('select private.check_in(%L, %L, null, %L)', (select code from tickets where enrollment_id is not null and user_id = tests.get_user_id('ann@test.dev')),
  tests.event_id('Open'), tests.get_user_id('org@test.dev'))), 'PT422 checkin_not_open', 'check_in: too early');
select is((pg_temp.raised(format('select private.check_in(%L, %L, null, %L)', (select code from tickets where enrollment_id is not null and user_id = tests.get_user_id('ann@test.dev')),
  tests.event_id('Open'), tests.get_user_id('org@test.dev'))) ->> 'detail')::jsonb ->> 'opens_at' is not null, true, 'check_in: opens_at is in the detail');
update bookings set status = 'refunded' where user_id = tests.get_user_id('ann@test.dev');
select is(tests.refusal(format('select private.check_in(%L, null, %L, %L)', (select code from tickets where booking_id is not null and user_id = tests.get_user_id('ann@test.dev')),
  '5e550000-0000-4000-8000-0000000000d2', tests.get_user_id('cora@test.dev'))), 'PT422 ticket_not_confirmed', 'check_in: booking not confirmed');
select is(tests.refusal(format('select private.check_in(%L, %L, null, %L)', 'x', null, tests.get_user_id('org@test.dev'))),
  '22023: name exactly one event or session', 'check_in without a target is a plain 22023, not a refusal');

-- bookings (as the service role, like the payments function)
select tests.authenticate_as_service_role();
select is(tests.refusal(format('select public.book_session(%L, %L)', gen_random_uuid(), tests.get_user_id('bob@test.dev'))),
  'PT404 session_not_found', 'book_session: unknown session');
select is(tests.refusal(format('select public.book_session(%L, %L)', '5e550000-0000-4000-8000-0000000000d2', tests.get_user_id('cora@test.dev'))),
  'PT403 own_session', 'book_session: own session');
select public.book_session('5e550000-0000-4000-8000-0000000000d2', tests.get_user_id('bob@test.dev'));
select is(tests.refusal(format('select public.book_session(%L, %L)', '5e550000-0000-4000-8000-0000000000d2', tests.get_user_id('bob@test.dev'))),
  'PT409 already_booked', 'book_session: already booked');
select public.book_session('5e550000-0000-4000-8000-0000000000d1', tests.get_user_id('bob@test.dev'));
select is(tests.refusal(format('select public.book_session(%L, %L)', '5e550000-0000-4000-8000-0000000000d1', tests.get_user_id('ann@test.dev'))),
  'PT409 session_full', 'book_session: full');
select is(tests.refusal(format('select public.cancel_booking(%L, %L)', gen_random_uuid(), tests.get_user_id('bob@test.dev'))),
  'PT404 booking_not_found', 'cancel_booking: unknown booking');
select is(tests.refusal(format('select public.attach_payment_intent(%L, %L)', gen_random_uuid(), 'pi_x')),
  'PT404 booking_not_found', 'attach_payment_intent: unknown booking');
update bookings set status = 'refunded' where user_id = tests.get_user_id('bob@test.dev') and session_id = '5e550000-0000-4000-8000-0000000000d2';
select is(tests.refusal(format('select public.cancel_booking(%L, %L)',
  (select id from bookings where user_id = tests.get_user_id('bob@test.dev') and session_id = '5e550000-0000-4000-8000-0000000000d2'), tests.get_user_id('bob@test.dev'))),
  'PT409 not_cancellable', 'cancel_booking: refunded');
select public.book_session('5e550000-0000-4000-8000-0000000000d3', tests.get_user_id('bob@test.dev'));
select tests.clear_authentication();
update sessions set starts_at = now() - interval '1 minute' where id = '5e550000-0000-4000-8000-0000000000d3';
select tests.authenticate_as_service_role();
select is(tests.refusal(format('select public.book_session(%L, %L)', '5e550000-0000-4000-8000-0000000000d3', tests.get_user_id('ann@test.dev'))),
  'PT409 session_started', 'book_session: started');
select is(tests.refusal(format('select public.cancel_booking(%L, %L)',
  (select id from bookings where user_id = tests.get_user_id('bob@test.dev') and session_id = '5e550000-0000-4000-8000-0000000000d3'), tests.get_user_id('bob@test.dev'))),
  'PT409 session_started', 'cancel_booking: started');

-- roles
select is(tests.refusal(format('select public.set_user_role(%L, %L)', gen_random_uuid(), 'creator')),
  'PT404 user_not_found', 'set_user_role: unknown user');
select tests.clear_authentication();

select * from finish();
rollback;
