-- ================================================================================================
-- Planning (issue #5): a draft planning event with members, three time slots and votes, a poll
-- with votes, and tasks in every status. Fixed ids so demos and docs can point at them.
-- Sign in as planning-organizer@seed.gatherhub.dev (or -member1 / -member2), password "password123".
-- ================================================================================================
insert into auth.users (id, instance_id, aud, role, email, encrypted_password, email_confirmed_at,
                        raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
values
  ('5eed0500-0000-4000-8000-000000000001', '00000000-0000-0000-0000-000000000000', 'authenticated', 'authenticated',
   'planning-organizer@seed.gatherhub.dev', extensions.crypt('password123', extensions.gen_salt('bf')), now(),
   '{"provider": "email", "providers": ["email"]}', '{"role": "facilitator", "display_name": "Paula Planner"}', now(), now()),
  ('5eed0500-0000-4000-8000-000000000002', '00000000-0000-0000-0000-000000000000', 'authenticated', 'authenticated',
   'planning-member1@seed.gatherhub.dev', extensions.crypt('password123', extensions.gen_salt('bf')), now(),
   '{"provider": "email", "providers": ["email"]}', '{"role": "seeker", "display_name": "Milo Member"}', now(), now()),
  ('5eed0500-0000-4000-8000-000000000003', '00000000-0000-0000-0000-000000000000', 'authenticated', 'authenticated',
   'planning-member2@seed.gatherhub.dev', extensions.crypt('password123', extensions.gen_salt('bf')), now(),
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
