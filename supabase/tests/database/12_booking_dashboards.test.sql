-- Dashboards on the seeded data (supabase/seed.sql): a user's upcoming and past bookings, a
-- creator's seats and revenue per currency; each caller sees only their own numbers.
begin;
\ir _helpers.psql
select plan(7);

select tests.authenticate_as('cleo@seed.gatherhub.dev');
select results_eq($$ select title, status::text, upcoming from dashboard_user_bookings() $$,
  $$ values ('Glazing masterclass'::text, 'confirmed'::text, false), ('Wheel-throwing for beginners', 'confirmed', true), ('Advanced bread shaping', 'confirmed', true) $$,
  'user dashboard: Cleo''s bookings, past and upcoming, by start time');

select tests.authenticate_as('ada.creator@seed.gatherhub.dev');
select results_eq($$ select title, confirmed_bookings, held_seats, seats_left, revenue_minor, upcoming from dashboard_creator_sessions() $$,
  $$ values ('Glazing masterclass'::text, 1, 0, 5, 4000::bigint, false),
            ('Wheel-throwing for beginners', 2, 1, 5, 5000::bigint, true),
            ('Raku firing (draft)', 0, 0, 5, 0::bigint, true) $$,
  'creator dashboard: confirmed bookings, live holds, free seats and revenue per session (refunds, cancellations and expiries excluded)');
select results_eq($$ select currency, revenue_minor, confirmed_bookings from dashboard_creator_revenue() $$,
  $$ values ('eur'::text, 9000::bigint, 3) $$, 'creator revenue per currency');

select tests.authenticate_as('ben.creator@seed.gatherhub.dev');
select results_eq($$ select currency, revenue_minor, confirmed_bookings from dashboard_creator_revenue() $$,
  $$ values ('usd'::text, 1500::bigint, 2) $$, 'a free booking counts as a booking with no revenue');

select tests.authenticate_as('cleo@seed.gatherhub.dev');
select is_empty($$ select * from dashboard_creator_sessions() $$, 'a seeker has no creator dashboard rows');

-- A hold that ran out stops counting at once, before the expiry job runs.
select tests.clear_authentication();
update bookings set hold_expires_at = now() - interval '1 second' where id = 'b0000000-0000-4000-8000-000000000003';
select tests.authenticate_as('ada.creator@seed.gatherhub.dev');
select results_eq($$ select held_seats, seats_left from dashboard_creator_sessions() where title = 'Wheel-throwing for beginners' $$,
  $$ values (0, 6) $$, 'an expired hold frees its seat on the dashboard');

select tests.authenticate_as_anon();
select throws_ok($$ select * from dashboard_user_bookings() $$, '42501', null, 'anon cannot call the dashboards');

select * from finish();
rollback;
