-- GatherHub demo data for every role and flow. Applied by `npm run db:reset` (and `supabase db reset`),
-- and by Supabase Branching to every preview branch: so no user here has a password or an admin role.
-- The local stack alone adds both (stack/seed/local-demo.sql, password `gatherhub-demo`).

-- Users ------------------------------------------------------------------------------------------
-- on_auth_user_created turns each into a profile with the role asked for at sign-up.
insert into auth.users (id, instance_id, aud, role, email, encrypted_password, email_confirmed_at,
                        raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
select u.id::uuid, '00000000-0000-0000-0000-000000000000', 'authenticated', 'authenticated', u.email,
       '', now(),
       '{"provider": "email", "providers": ["email"]}',
       jsonb_build_object('role', u.role, 'display_name', u.name), now(), now()
from (values
  ('10000000-0000-4000-8000-000000000001', 'fatima@gatherhub.dev', 'facilitator', 'Fatima Facilitator'),
  ('10000000-0000-4000-8000-000000000002', 'felix@gatherhub.dev', 'facilitator', 'Felix Facilitator'),
  ('10000000-0000-4000-8000-000000000011', 'sam@gatherhub.dev', 'seeker', 'Sam Seeker'),
  ('10000000-0000-4000-8000-000000000012', 'sofia@gatherhub.dev', 'seeker', 'Sofia Seeker'),
  ('10000000-0000-4000-8000-000000000013', 'sven@gatherhub.dev', 'seeker', 'Sven Seeker'),
  ('10000000-0000-4000-8000-000000000014', 'selin@gatherhub.dev', 'seeker', 'Selin Seeker'),
  ('10000000-0000-4000-8000-000000000015', 'sota@gatherhub.dev', 'seeker', 'Sota Seeker'),
  ('10000000-0000-4000-8000-000000000021', 'carla@gatherhub.dev', 'creator', 'Carla Creator'),
  ('10000000-0000-4000-8000-000000000099', 'ada@gatherhub.dev', 'seeker', 'Ada Admin')
) as u(id, email, role, name);

-- Nobody becomes admin by signing up; only the local-only seed promotes Ada (never on a hosted project).

-- Events: several languages, cities and timezones; past and upcoming; drafts ----------------------
insert into public.events (id, organizer_id, title, description, language, location, online_url, starts_at, ends_at,
                           timezone, capacity, tags, status)
values
  ('20000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000001', 'Morning Yoga in Vondelpark',
   'Gentle outdoor yoga for all levels. Bring a mat.', 'en', 'Vondelpark, Amsterdam', null,
   date_trunc('day', now()) + interval '3 days 7 hours', date_trunc('day', now()) + interval '3 days 8 hours',
   'Europe/Amsterdam', 20, '{yoga,outdoor}', 'published'),
  ('20000000-0000-4000-8000-000000000002', '10000000-0000-4000-8000-000000000001', 'Deutscher Stammtisch',
   'Sprachcafé für alle Niveaus.', 'de', 'Café Einstein, Berlin', null,
   date_trunc('day', now()) + interval '5 days 18 hours', date_trunc('day', now()) + interval '5 days 21 hours',
   'Europe/Berlin', null, '{language,social}', 'published'),
  ('20000000-0000-4000-8000-000000000003', '10000000-0000-4000-8000-000000000002', 'Tokyo Tech Meetup',
   'Lightning talks about web platforms.', 'ja', 'Shibuya, Tokyo', 'https://meet.example/tokyo-tech',
   date_trunc('day', now()) + interval '8 days 9 hours', date_trunc('day', now()) + interval '8 days 11 hours',
   'Asia/Tokyo', 3, '{tech,talks}', 'published'),
  ('20000000-0000-4000-8000-000000000004', '10000000-0000-4000-8000-000000000002', 'Salsa Social Night',
   'Beginner lesson followed by an open dance floor.', 'es', 'La Rumba, Madrid', null,
   date_trunc('day', now()) + interval '12 days 19 hours', date_trunc('day', now()) + interval '12 days 23 hours',
   'Europe/Madrid', 60, '{dance,social}', 'published'),
  ('20000000-0000-4000-8000-000000000005', '10000000-0000-4000-8000-000000000001', 'Community Garden Day',
   'We planted 40 trees together.', 'en', 'Prospect Park, New York', null,
   date_trunc('day', now()) - interval '10 days' + interval '14 hours', date_trunc('day', now()) - interval '10 days' + interval '18 hours',
   'America/New_York', 30, '{outdoor,volunteering}', 'published'),
  ('20000000-0000-4000-8000-000000000006', '10000000-0000-4000-8000-000000000002', 'Rooftop Cinema (cancelled)',
   'Cancelled because of the weather forecast.', 'en', 'Rotterdam', null,
   date_trunc('day', now()) + interval '6 days 20 hours', date_trunc('day', now()) + interval '6 days 22 hours',
   'Europe/Amsterdam', 80, '{film}', 'published'),
  ('20000000-0000-4000-8000-000000000007', '10000000-0000-4000-8000-000000000001', 'Autumn Retreat (planning)',
   'Draft: members vote on the weekend.', 'en', 'Veluwe, Netherlands', null, null, null,
   'Europe/Amsterdam', 25, '{retreat}', 'draft');

update public.events set status = 'cancelled' where id = '20000000-0000-4000-8000-000000000006';

-- Enrollments through the same function the API uses: Tokyo (3 seats) is full with a waitlist.
select private.enroll('20000000-0000-4000-8000-000000000003', u::uuid)
from unnest(array[
  '10000000-0000-4000-8000-000000000011', '10000000-0000-4000-8000-000000000012', '10000000-0000-4000-8000-000000000013',
  '10000000-0000-4000-8000-000000000014', '10000000-0000-4000-8000-000000000015'
]) as u;
select private.enroll('20000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000011');
select private.enroll('20000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000012');
select private.enroll('20000000-0000-4000-8000-000000000002', '10000000-0000-4000-8000-000000000011');
select private.enroll('20000000-0000-4000-8000-000000000004', '10000000-0000-4000-8000-000000000013');
select private.cancel_enrollment('20000000-0000-4000-8000-000000000004', '10000000-0000-4000-8000-000000000013');

-- The garden day is past: its enrollments are history (the function refuses past events).
insert into public.enrollments (event_id, user_id, status, enrolled_at)
values ('20000000-0000-4000-8000-000000000005', '10000000-0000-4000-8000-000000000011', 'enrolled', now() - interval '20 days');
update public.events set enrolled_count = 1 where id = '20000000-0000-4000-8000-000000000005';

-- The planning draft's members.
insert into public.event_members (event_id, user_id, role) values
  ('20000000-0000-4000-8000-000000000007', '10000000-0000-4000-8000-000000000002', 'co_organizer'),
  ('20000000-0000-4000-8000-000000000007', '10000000-0000-4000-8000-000000000011', 'member'),
  ('20000000-0000-4000-8000-000000000007', '10000000-0000-4000-8000-000000000012', 'member');
-- Demo data for paid sessions: two creators (paid and free sessions, a past one, a draft), users,
-- and bookings in every status. Users go straight into auth.users; on_auth_user_created makes the
-- profiles. Fixed UUIDs so docs, tests and Studio can point at them; times are relative to now().

insert into auth.users (id, instance_id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
select u.id::uuid, '00000000-0000-0000-0000-000000000000', 'authenticated', 'authenticated', u.email,
       '', now(),
       '{"provider": "email", "providers": ["email"]}', jsonb_build_object('role', u.role, 'display_name', u.name), now(), now()
from (values
  ('a0000000-0000-4000-8000-00000000000a', 'ada.creator@seed.gatherhub.dev', 'creator', 'Ada Potter'),
  ('b0000000-0000-4000-8000-00000000000b', 'ben.creator@seed.gatherhub.dev', 'creator', 'Ben Baker'),
  ('c0000000-0000-4000-8000-000000000001', 'cleo@seed.gatherhub.dev', 'seeker', 'Cleo'),
  ('c0000000-0000-4000-8000-000000000002', 'dev@seed.gatherhub.dev', 'seeker', 'Dev'),
  ('c0000000-0000-4000-8000-000000000003', 'eve@seed.gatherhub.dev', 'seeker', 'Eve'),
  ('c0000000-0000-4000-8000-000000000004', 'finn@seed.gatherhub.dev', 'seeker', 'Finn')
) as u (id, email, role, name);

insert into public.sessions (id, creator_id, title, description, price_minor, currency, duration_minutes, location, online_url, starts_at, capacity, published)
values
  ('5e550000-0000-4000-8000-000000000001', 'a0000000-0000-4000-8000-00000000000a', 'Wheel-throwing for beginners',
   'Centre clay and throw your first bowls.', 2500, 'eur', 120, 'Studio 4, Lisbon', null, date_trunc('hour', now()) + interval '7 days', 8, true),
  ('5e550000-0000-4000-8000-000000000002', 'a0000000-0000-4000-8000-00000000000a', 'Glazing masterclass',
   'Dip, pour and brush glazes.', 4000, 'eur', 180, 'Studio 4, Lisbon', null, date_trunc('hour', now()) - interval '10 days', 6, true),
  ('5e550000-0000-4000-8000-000000000003', 'a0000000-0000-4000-8000-00000000000a', 'Raku firing (draft)',
   'Outdoor raku kiln afternoon.', 6000, 'eur', 240, 'Studio 4 yard, Lisbon', null, date_trunc('hour', now()) + interval '14 days', 5, false),
  ('5e550000-0000-4000-8000-000000000004', 'b0000000-0000-4000-8000-00000000000b', 'Intro to sourdough (free)',
   'Starter, hydration, first loaf.', 0, 'usd', 60, null, 'https://meet.example.com/sourdough', date_trunc('hour', now()) + interval '3 days', 20, true),
  ('5e550000-0000-4000-8000-000000000005', 'b0000000-0000-4000-8000-00000000000b', 'Advanced bread shaping',
   'Batards, boules and baguettes.', 1500, 'usd', 90, 'Bakehouse, Porto', null, date_trunc('hour', now()) + interval '10 days', 4, true);

insert into public.bookings (id, user_id, session_id, status, amount_minor, currency, stripe_payment_intent_id, stripe_refund_id,
                             hold_expires_at, confirmed_at, cancelled_at, cancel_reason)
values
  ('b0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000001', '5e550000-0000-4000-8000-000000000001',
   'confirmed', 2500, 'eur', 'pi_seed_0001', null, now() - interval '1 day', now() - interval '1 day', null, null),
  ('b0000000-0000-4000-8000-000000000002', 'c0000000-0000-4000-8000-000000000002', '5e550000-0000-4000-8000-000000000001',
   'confirmed', 2500, 'eur', 'pi_seed_0002', null, now() - interval '1 day', now() - interval '1 day', null, null),
  ('b0000000-0000-4000-8000-000000000003', 'c0000000-0000-4000-8000-000000000003', '5e550000-0000-4000-8000-000000000001',
   'pending', 2500, 'eur', 'pi_seed_0003', null, now() + interval '10 minutes', null, null, null),
  ('b0000000-0000-4000-8000-000000000004', 'c0000000-0000-4000-8000-000000000004', '5e550000-0000-4000-8000-000000000001',
   'cancelled', 2500, 'eur', 'pi_seed_0004', null, now() - interval '2 days', null, now() - interval '2 days', 'by_user'),
  ('b0000000-0000-4000-8000-000000000005', 'c0000000-0000-4000-8000-000000000001', '5e550000-0000-4000-8000-000000000002',
   'confirmed', 4000, 'eur', 'pi_seed_0005', null, now() - interval '20 days', now() - interval '20 days', null, null),
  ('b0000000-0000-4000-8000-000000000006', 'c0000000-0000-4000-8000-000000000002', '5e550000-0000-4000-8000-000000000002',
   'refunded', 4000, 'eur', 'pi_seed_0006', 're_seed_0006', now() - interval '20 days', now() - interval '20 days', now() - interval '15 days', 'by_user'),
  ('b0000000-0000-4000-8000-000000000007', 'c0000000-0000-4000-8000-000000000003', '5e550000-0000-4000-8000-000000000002',
   'expired', 4000, 'eur', 'pi_seed_0007', null, now() - interval '19 days', null, null, null),
  ('b0000000-0000-4000-8000-000000000008', 'c0000000-0000-4000-8000-000000000002', '5e550000-0000-4000-8000-000000000004',
   'confirmed', 0, 'usd', null, null, null, now() - interval '1 day', null, null),
  ('b0000000-0000-4000-8000-000000000009', 'c0000000-0000-4000-8000-000000000001', '5e550000-0000-4000-8000-000000000005',
   'confirmed', 1500, 'usd', 'pi_seed_0009', null, now() - interval '1 day', now() - interval '1 day', null, null),
  ('b0000000-0000-4000-8000-000000000010', 'c0000000-0000-4000-8000-000000000004', '5e550000-0000-4000-8000-000000000005',
   'refunded', 1500, 'usd', 'pi_seed_0010', 're_seed_0010', now() - interval '2 days', now() - interval '2 days', now() - interval '1 day', null);
-- ================================================================================================
-- Planning (issue #5): a draft planning event with members, three time slots and votes, a poll
-- with votes, and tasks in every status. Fixed ids so demos and docs can point at them.
-- Locally, sign in as planning-organizer@seed.gatherhub.dev (or -member1 / -member2), password "gatherhub-demo".
-- ================================================================================================
insert into auth.users (id, instance_id, aud, role, email, encrypted_password, email_confirmed_at,
                        raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
values
  ('5eed0500-0000-4000-8000-000000000001', '00000000-0000-0000-0000-000000000000', 'authenticated', 'authenticated',
   'planning-organizer@seed.gatherhub.dev', '', now(),
   '{"provider": "email", "providers": ["email"]}', '{"role": "facilitator", "display_name": "Paula Planner"}', now(), now()),
  ('5eed0500-0000-4000-8000-000000000002', '00000000-0000-0000-0000-000000000000', 'authenticated', 'authenticated',
   'planning-member1@seed.gatherhub.dev', '', now(),
   '{"provider": "email", "providers": ["email"]}', '{"role": "seeker", "display_name": "Milo Member"}', now(), now()),
  ('5eed0500-0000-4000-8000-000000000003', '00000000-0000-0000-0000-000000000000', 'authenticated', 'authenticated',
   'planning-member2@seed.gatherhub.dev', '', now(),
   '{"provider": "email", "providers": ["email"]}', '{"role": "seeker", "display_name": "Nora Neighbour"}', now(), now());

insert into public.events (id, title, description, location, timezone, organizer_id)
values ('5eed0500-0000-4000-8000-0000000000e1', 'Community garden work day', 'Pick a day with us, then grab a task.',
        'Garden on Elm Street', 'Europe/Amsterdam', '5eed0500-0000-4000-8000-000000000001');
insert into public.event_members (event_id, user_id, role) values
  ('5eed0500-0000-4000-8000-0000000000e1', '5eed0500-0000-4000-8000-000000000002', 'co_organizer'),
  ('5eed0500-0000-4000-8000-0000000000e1', '5eed0500-0000-4000-8000-000000000003', 'member');

insert into public.time_slots (id, event_id, starts_at, ends_at) values
  ('5eed0500-0000-4000-8000-0000000005a1', '5eed0500-0000-4000-8000-0000000000e1', '2031-04-12 08:00Z', '2031-04-12 12:00Z'),
  ('5eed0500-0000-4000-8000-0000000005a2', '5eed0500-0000-4000-8000-0000000000e1', '2031-04-13 08:00Z', '2031-04-13 12:00Z'),
  ('5eed0500-0000-4000-8000-0000000005a3', '5eed0500-0000-4000-8000-0000000000e1', '2031-04-19 12:00Z', null);
insert into public.slot_votes (slot_id, user_id, answer) values
  ('5eed0500-0000-4000-8000-0000000005a1', '5eed0500-0000-4000-8000-000000000001', 'yes'),
  ('5eed0500-0000-4000-8000-0000000005a1', '5eed0500-0000-4000-8000-000000000002', 'yes'),
  ('5eed0500-0000-4000-8000-0000000005a1', '5eed0500-0000-4000-8000-000000000003', 'if_need_be'),
  ('5eed0500-0000-4000-8000-0000000005a2', '5eed0500-0000-4000-8000-000000000003', 'yes'),
  ('5eed0500-0000-4000-8000-0000000005a3', '5eed0500-0000-4000-8000-000000000002', 'if_need_be');

insert into public.polls (id, event_id, question, choice, closes_at) values
  ('5eed0500-0000-4000-8000-0000000000b1', '5eed0500-0000-4000-8000-0000000000e1', 'What should we plant first?', 'single', '2031-04-01 00:00Z');
insert into public.poll_options (id, poll_id, label, position) values
  ('5eed0500-0000-4000-8000-0000000000c1', '5eed0500-0000-4000-8000-0000000000b1', 'Tomatoes', 0),
  ('5eed0500-0000-4000-8000-0000000000c2', '5eed0500-0000-4000-8000-0000000000b1', 'Herbs', 1),
  ('5eed0500-0000-4000-8000-0000000000c3', '5eed0500-0000-4000-8000-0000000000b1', 'Sunflowers', 2);
insert into public.poll_votes (option_id, user_id) values
  ('5eed0500-0000-4000-8000-0000000000c1', '5eed0500-0000-4000-8000-000000000001'),
  ('5eed0500-0000-4000-8000-0000000000c2', '5eed0500-0000-4000-8000-000000000002'),
  ('5eed0500-0000-4000-8000-0000000000c2', '5eed0500-0000-4000-8000-000000000003');

insert into public.tasks (id, event_id, title, notes, status, assignee_id, due_at, position) values
  ('5eed0500-0000-4000-8000-0000000000d1', '5eed0500-0000-4000-8000-0000000000e1', 'Borrow wheelbarrows', 'Ask the school.', 'todo',
   '5eed0500-0000-4000-8000-000000000003', '2031-04-05 17:00Z', 1),
  ('5eed0500-0000-4000-8000-0000000000d2', '5eed0500-0000-4000-8000-0000000000e1', 'Order compost', '', 'doing',
   '5eed0500-0000-4000-8000-000000000002', '2031-04-03 12:00Z', 2),
  ('5eed0500-0000-4000-8000-0000000000d3', '5eed0500-0000-4000-8000-0000000000e1', 'Book the garden', 'Confirmed by email.', 'done',
   '5eed0500-0000-4000-8000-000000000001', null, 3);

-- Auth ---------------------------------------------------------------------------------------------
-- Users written in SQL must look like the ones Supabase Auth writes: empty strings, not NULL, in its
-- token columns (Auth answers 500 otherwise), and an email identity each.
update auth.users
set confirmation_token = coalesce(confirmation_token, ''),
    recovery_token = coalesce(recovery_token, ''),
    email_change_token_new = coalesce(email_change_token_new, ''),
    email_change = coalesce(email_change, '')
where confirmation_token is null or recovery_token is null or email_change_token_new is null or email_change is null;

insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
select u.id::text, u.id, jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true), 'email', now(), now(), now()
from auth.users u
where not exists (select 1 from auth.identities i where i.user_id = u.id and i.provider = 'email');
