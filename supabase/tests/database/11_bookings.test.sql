-- Bookings: who reads which, no client writes at all (status, amounts, Stripe ids), seats under the
-- session lock, hold expiry (function and pg_cron job), webhook transitions, Stripe event records.
begin;
\ir _helpers.psql
select plan(27);

select tests.create_user('cora@test.dev', 'creator');
select tests.create_user('carl@test.dev', 'creator');
select tests.create_user('ann@test.dev', 'seeker');
select tests.create_user('bob@test.dev', 'seeker');
select tests.create_user('cat@test.dev', 'seeker');

insert into sessions (id, creator_id, title, price_minor, currency, duration_minutes, location, starts_at, capacity, published) values
  ('5e550000-0000-4000-8000-0000000000b1', tests.get_user_id('cora@test.dev'), 'Cora''s', 3000, 'eur', 60, 'Studio', now() + interval '2 days', 2, true),
  ('5e550000-0000-4000-8000-0000000000b2', tests.get_user_id('carl@test.dev'), 'Carl''s', 0, 'usd', 60, 'Hall', now() + interval '2 days', 5, true);

select policies_are('public', 'bookings', array['bookings_select_by_booker_or_session_creator'], 'bookings have one select policy and no write policy');
select policies_are('public', 'stripe_events', array['stripe_events_select_by_admins'], 'stripe events are readable by admins only');

-- seats (as the service role the payments function uses) -----------------------------------------
select tests.authenticate_as_service_role();
select results_eq($$ select status::text, amount_minor, currency, hold_expires_at > now() from book_session('5e550000-0000-4000-8000-0000000000b1', tests.get_user_id('ann@test.dev')) $$,
  $$ values ('pending'::text, 3000, 'eur'::text, true) $$, 'a paid booking is a pending hold with the session''s price');
select results_eq($$ select status::text from book_session('5e550000-0000-4000-8000-0000000000b2', tests.get_user_id('ann@test.dev')) $$,
  $$ values ('confirmed'::text) $$, 'a free booking is confirmed at once');
select is((select id from book_session('5e550000-0000-4000-8000-0000000000b1', tests.get_user_id('ann@test.dev'))),
  (select id from bookings where user_id = tests.get_user_id('ann@test.dev') and session_id = '5e550000-0000-4000-8000-0000000000b1'),
  'booking again returns the same live hold');
select lives_ok($$ select book_session('5e550000-0000-4000-8000-0000000000b1', tests.get_user_id('bob@test.dev')) $$, 'the second seat is held');
select is(tests.refusal($$ select book_session('5e550000-0000-4000-8000-0000000000b1', tests.get_user_id('cat@test.dev')) $$), 'PT409 session_full', 'no third hold for two seats');
select is(tests.refusal($$ select book_session('5e550000-0000-4000-8000-0000000000b1', tests.get_user_id('cora@test.dev')) $$), 'PT403 own_session', 'creators cannot book their own session');

-- an expired hold frees its seat
select tests.clear_authentication();
update bookings set hold_expires_at = now() - interval '1 second' where user_id = tests.get_user_id('ann@test.dev') and session_id = '5e550000-0000-4000-8000-0000000000b1';
select lives_ok($$ select book_session('5e550000-0000-4000-8000-0000000000b1', tests.get_user_id('cat@test.dev')) $$, 'an expired hold frees its seat');
select is(private.expire_booking_holds(), 1, 'the expiry job expires the run-out hold');
select is((select status::text from bookings where user_id = tests.get_user_id('ann@test.dev') and session_id = '5e550000-0000-4000-8000-0000000000b1'), 'expired', 'and marks it expired');
select is((select schedule from cron.job where jobname = 'expire-booking-holds'), '* * * * *', 'pg_cron runs the expiry job every minute');
select is((select command from cron.job where jobname = 'expire-booking-holds'), 'select private.expire_booking_holds()', 'the job calls the expiry function');

-- webhook transitions
select set_config('tests.ann_b1', (select id::text from bookings where user_id = tests.get_user_id('ann@test.dev') and session_id = '5e550000-0000-4000-8000-0000000000b1'), true);
select set_config('tests.bob_b1', (select id::text from bookings where user_id = tests.get_user_id('bob@test.dev') and session_id = '5e550000-0000-4000-8000-0000000000b1'), true);
select is(confirm_booking_payment(current_setting('tests.ann_b1')::uuid, 'pi_ann', 3000, 'eur', now()), 'refund_required', 'a late payment with no seat left must be refunded');
select is((select status::text from bookings where id = current_setting('tests.ann_b1')::uuid), 'expired', 'and takes no seat');
select is(confirm_booking_payment(current_setting('tests.bob_b1')::uuid, 'pi_bob', 2999, 'eur', now()), 'refund_required', 'a payment for another amount is refunded');
select is(confirm_booking_payment(current_setting('tests.bob_b1')::uuid, 'pi_bob', 3000, 'eur', now()), 'confirmed', 'the right payment confirms');
select is(release_booking_hold(current_setting('tests.bob_b1')::uuid, 'payment_failed', now() + interval '1 minute'), 'ignored', 'a later failure does not downgrade a confirmed booking');
select throws_ok($$ update sessions set capacity = 1 where id = '5e550000-0000-4000-8000-0000000000b1' $$, '23514', null, 'capacity cannot drop below seats taken');

-- who reads what, and nobody writes ---------------------------------------------------------------
select tests.authenticate_as('ann@test.dev');
select results_eq($$ select count(*)::int from bookings $$, $$ values (2) $$, 'a user reads only their own bookings');
select throws_ok($$ update bookings set status = 'confirmed' $$, '42501', null, 'a user cannot set a booking''s status');
select throws_ok($$ update bookings set amount_minor = 1, stripe_payment_intent_id = 'pi_fake' $$, '42501', null, 'a user cannot set amounts or Stripe ids');
select throws_ok($$ insert into bookings (user_id, session_id, status, amount_minor, currency) values (auth.uid(), '5e550000-0000-4000-8000-0000000000b2', 'confirmed', 0, 'usd') $$,
  '42501', null, 'a user cannot insert bookings');
select throws_ok($$ select book_session('5e550000-0000-4000-8000-0000000000b2', auth.uid()) $$, '42501', null, 'a user cannot call the booking functions directly');
select is_empty($$ select * from stripe_events $$, 'a user sees no Stripe events');

select tests.authenticate_as('cora@test.dev');
select results_eq($$ select count(*)::int from bookings where session_id = '5e550000-0000-4000-8000-0000000000b1' $$, $$ values (3) $$, 'a creator reads the bookings of their sessions');
select is_empty($$ select * from bookings where session_id = '5e550000-0000-4000-8000-0000000000b2' $$, 'a creator does not read bookings of others'' sessions');

select * from finish();
rollback;
