-- Planning refusals (locked event, closed poll, unknown slot or option) through private.refuse instead
-- of PT404/PT409 with "reason: …" messages; bodies otherwise as in their newest migrations.

create or replace function private.assert_planning_open(target_event uuid)
returns void language plpgsql security definer set search_path = '' as $$
declare
  current_status public.event_status;
begin
  select e.status into current_status from public.events e where e.id = target_event for share;
  if current_status is not null and current_status not in ('draft', 'published') then
    perform private.refuse('event_locked', jsonb_build_object('event_id', target_event, 'status', current_status));
  end if;
end
$$;

create or replace function private.slot_votes_guard()
returns trigger language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'INSERT' then
    select s.event_id into new.event_id from public.time_slots s where s.id = new.slot_id;
    if new.event_id is null then
      perform private.refuse('slot_not_found', jsonb_build_object('slot_id', new.slot_id));
    end if;
  end if;
  if tg_op = 'UPDATE' and new.slot_id <> old.slot_id then
    raise exception 'a vote cannot move to another slot' using errcode = '23514';
  end if;
  perform private.assert_planning_open(case when tg_op = 'DELETE' then old.event_id else new.event_id end);
  if tg_op = 'UPDATE' then
    new.updated_at := now();
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end
$$;

create or replace function public.lock_event_slot(slot uuid)
returns public.events language plpgsql security definer set search_path = '' as $$
declare
  chosen public.time_slots;
  ev public.events;
begin
  select * into chosen from public.time_slots s where s.id = slot;
  if chosen.id is null or not private.is_event_member(chosen.event_id) then
    perform private.refuse('slot_not_found', jsonb_build_object('slot_id', slot));
  end if;
  if not private.has_event_role(chosen.event_id, array['organizer']::public.event_member_role[]) then
    raise exception 'only the organizer can lock the event' using errcode = '42501';
  end if;
  -- The row lock waits for votes in flight (they hold a share lock) and blocks new ones.
  select * into ev from public.events e where e.id = chosen.event_id for update;
  if ev.status not in ('draft', 'published') then
    perform private.refuse('event_locked', jsonb_build_object('event_id', ev.id, 'status', ev.status));
  end if;
  -- events_before_update lets status become locked only for the event named here.
  perform set_config('gatherhub.locking_event', ev.id::text, true);
  update public.events e
     set status = 'locked', starts_at = chosen.starts_at, ends_at = chosen.ends_at
   where e.id = ev.id
  returning * into ev;
  perform set_config('gatherhub.locking_event', '', true);
  return ev;
end
$$;

create or replace function private.poll_votes_guard()
returns trigger language plpgsql security definer set search_path = '' as $$
declare
  target_poll public.polls;
  option_poll uuid;
begin
  if tg_op in ('INSERT', 'UPDATE') then
    select o.poll_id into option_poll from public.poll_options o where o.id = new.option_id;
    if option_poll is null then
      perform private.refuse('option_not_found', jsonb_build_object('option_id', new.option_id));
    end if;
    if tg_op = 'UPDATE' and option_poll <> old.poll_id then
      raise exception 'a vote cannot move to another poll' using errcode = '23514';
    end if;
  else
    option_poll := old.poll_id;
  end if;
  select * into target_poll from public.polls p where p.id = option_poll for share;
  if target_poll.closes_at is not null and target_poll.closes_at <= now() then
    perform private.refuse('poll_closed', jsonb_build_object('poll_id', target_poll.id, 'closes_at', target_poll.closes_at));
  end if;
  if tg_op = 'DELETE' then
    return old;
  end if;
  new.poll_id := target_poll.id;
  new.event_id := target_poll.event_id;
  new.single_choice := target_poll.choice = 'single';
  new.voted_at := now();
  return new;
end
$$;

create or replace function public.vote_in_poll(option uuid)
returns public.poll_votes language plpgsql set search_path = '' as $$
declare
  kind public.poll_choice;
  result public.poll_votes;
begin
  select p.choice into kind
    from public.poll_options o join public.polls p on p.id = o.poll_id
   where o.id = option;
  if kind is null then
    perform private.refuse('option_not_found', jsonb_build_object('option_id', option));
  end if;
  if kind = 'single' then
    insert into public.poll_votes as v (option_id, user_id) values (option, (select auth.uid()))
    on conflict (poll_id, user_id) where single_choice do update set option_id = excluded.option_id
    returning * into result;
  else
    insert into public.poll_votes as v (option_id, user_id) values (option, (select auth.uid()))
    on conflict (option_id, user_id) do update set option_id = excluded.option_id
    returning * into result;
  end if;
  return result;
end
$$;
