-- Demo data for paid sessions: two creators (paid and free sessions, a past one, a draft), users,
-- and bookings in every status. Users go straight into auth.users; on_auth_user_created makes the
-- profiles. Fixed UUIDs so docs, tests and Studio can point at them; times are relative to now().

insert into auth.users (id, instance_id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
select u.id::uuid, '00000000-0000-0000-0000-000000000000', 'authenticated', 'authenticated', u.email, '', now(),
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
