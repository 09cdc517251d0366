-- Planning: time slots organizers propose for an event and the members' yes / if-need-be votes,
-- with per-slot tallies. Locked or cancelled events refuse new slots and every vote change.

create type public.slot_answer as enum ('yes', 'if_need_be');

create table public.time_slots (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references public.events (id) on delete cascade,
  starts_at timestamptz not null,
  ends_at timestamptz,
  created_at timestamptz not null default now(),
  constraint time_slots_one_per_start unique (event_id, starts_at),
  constraint time_slots_ends_after_start check (ends_at is null or ends_at > starts_at)
);
alter table public.time_slots enable row level security;
comment on table public.time_slots is 'Candidate times for a planning event; the organizer locks one with lock_event_slot().';

create table public.slot_votes (
  slot_id uuid not null references public.time_slots (id) on delete cascade,
  user_id uuid not null default auth.uid() references public.profiles (id) on delete cascade,
  event_id uuid not null references public.events (id) on delete cascade,
  answer public.slot_answer not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (slot_id, user_id)
);
alter table public.slot_votes enable row level security;
create index slot_votes_event_id_idx on public.slot_votes (event_id);
create index slot_votes_user_id_idx on public.slot_votes (user_id);
comment on table public.slot_votes is 'One answer per member per slot. event_id is copied from the slot by a trigger, never trusted from clients.';
comment on column public.slot_votes.answer is 'yes, or if_need_be (counted separately in slot_tallies).';

grant select on public.time_slots to authenticated;
grant insert (event_id, starts_at, ends_at) on public.time_slots to authenticated;
grant delete on public.time_slots to authenticated;
grant all on public.time_slots to service_role;

grant select on public.slot_votes to authenticated;
grant insert (slot_id, user_id, answer) on public.slot_votes to authenticated;
-- slot_id too, so a vote is one upsert (the guard keeps a vote on its slot).
grant update (slot_id, answer) on public.slot_votes to authenticated;
grant delete on public.slot_votes to authenticated;
grant all on public.slot_votes to service_role;

-- time_slots policies ---------------------------------------------------------------------------
create policy time_slots_select_by_members on public.time_slots
  for select to authenticated using (private.is_event_member(event_id));

create policy time_slots_insert_by_organizers on public.time_slots
  for insert to authenticated
  with check (private.has_event_role(event_id, array['organizer', 'co_organizer']::public.event_member_role[]));

create policy time_slots_delete_by_organizers on public.time_slots
  for delete to authenticated
  using (private.has_event_role(event_id, array['organizer', 'co_organizer']::public.event_member_role[]));

-- slot_votes policies: members vote for themselves only ------------------------------------------
create policy slot_votes_select_by_members on public.slot_votes
  for select to authenticated using (private.is_event_member(event_id));

create policy slot_votes_insert_own_by_members on public.slot_votes
  for insert to authenticated
  with check (user_id = (select auth.uid()) and private.is_event_member(event_id));

create policy slot_votes_update_own_by_members on public.slot_votes
  for update to authenticated
  using (user_id = (select auth.uid()) and private.is_event_member(event_id))
  with check (user_id = (select auth.uid()) and private.is_event_member(event_id));

create policy slot_votes_delete_own_by_members on public.slot_votes
  for delete to authenticated
  using (user_id = (select auth.uid()) and private.is_event_member(event_id));

-- Planning is open while the event is a draft or published. Definer: the share lock needs rights
-- a member lacks, and it is what makes lock_event_slot() wait for (and then refuse) late votes.
-- Refusals clients reach through PostgREST must answer 4xx: PostgREST sends 500 for SQLSTATE P0002
-- and class 55, so "not found" raises PT404 and "planning closed" PT409 (PTxxx = HTTP status xxx).
create function private.assert_planning_open(target_event uuid) returns void
language plpgsql security definer set search_path = '' as $$
declare
  current_status public.event_status;
begin
  select e.status into current_status from public.events e where e.id = target_event for share;
  if current_status is not null and current_status not in ('draft', 'published') then
    raise exception 'event_locked: planning of this event is closed (it is %)', current_status using errcode = 'PT409';
  end if;
end
$$;
revoke execute on function private.assert_planning_open(uuid) from public, anon, authenticated;

create function private.time_slots_guard() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  perform private.assert_planning_open(case when tg_op = 'DELETE' then old.event_id else new.event_id end);
  return case when tg_op = 'DELETE' then old else new end;
end
$$;
create trigger time_slots_guard before insert or delete on public.time_slots
  for each row execute function private.time_slots_guard();

-- Votes take their event from the slot (definer: the slot may be hidden from a non-member, who
-- then fails the insert policy instead of choosing which event the row claims).
create function private.slot_votes_guard() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'INSERT' then
    select s.event_id into new.event_id from public.time_slots s where s.id = new.slot_id;
    if new.event_id is null then
      raise exception 'slot_not_found: no time slot %', new.slot_id using errcode = 'PT404';
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
create trigger slot_votes_guard before insert or update or delete on public.slot_votes
  for each row execute function private.slot_votes_guard();

-- Tallies: counts per slot. Invoker, so non-members see no slots and no counts at all.
create view public.slot_tallies with (security_invoker = true) as
  select s.id as slot_id, s.event_id, s.starts_at, s.ends_at,
         count(v.user_id) filter (where v.answer = 'yes')::integer as yes_count,
         count(v.user_id) filter (where v.answer = 'if_need_be')::integer as if_need_be_count,
         count(v.user_id)::integer as total_count
    from public.time_slots s
    left join public.slot_votes v on v.slot_id = s.id
   group by s.id;
comment on view public.slot_tallies is 'Yes / if-need-be counts per time slot; members of the event only.';
grant select on public.slot_tallies to authenticated, service_role;
