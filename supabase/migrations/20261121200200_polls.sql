-- Planning: polls with options, single or multiple choice, and a closing time the database
-- enforces. vote_in_poll() switches a single-choice vote in one statement.

create type public.poll_choice as enum ('single', 'multiple');

create table public.polls (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references public.events (id) on delete cascade,
  question text not null check (char_length(btrim(question)) between 1 and 300),
  choice public.poll_choice not null default 'single',
  closes_at timestamptz,
  created_at timestamptz not null default now()
);
alter table public.polls enable row level security;
create index polls_event_id_idx on public.polls (event_id);
comment on table public.polls is 'A question to an event''s members. Votes are refused from closes_at on (null: open until closed).';
comment on column public.polls.choice is 'single: one option per member (a new vote replaces the old); multiple: any number of options.';

create table public.poll_options (
  id uuid primary key default gen_random_uuid(),
  poll_id uuid not null references public.polls (id) on delete cascade,
  event_id uuid not null references public.events (id) on delete cascade,
  label text not null check (char_length(btrim(label)) between 1 and 200),
  position integer not null default 0,
  constraint poll_options_unique_label unique (poll_id, label)
);
alter table public.poll_options enable row level security;
create index poll_options_event_id_idx on public.poll_options (event_id);
comment on table public.poll_options is 'Answers of a poll; event_id is copied from the poll by a trigger.';

create table public.poll_votes (
  option_id uuid not null references public.poll_options (id) on delete cascade,
  user_id uuid not null default auth.uid() references public.profiles (id) on delete cascade,
  poll_id uuid not null references public.polls (id) on delete cascade,
  event_id uuid not null references public.events (id) on delete cascade,
  single_choice boolean not null default false,
  voted_at timestamptz not null default now(),
  primary key (option_id, user_id)
);
alter table public.poll_votes enable row level security;
-- One vote per member per single-choice poll, and the arbiter that makes switching one upsert.
create unique index poll_votes_one_per_single_choice_poll on public.poll_votes (poll_id, user_id) where single_choice;
create index poll_votes_poll_id_idx on public.poll_votes (poll_id);
create index poll_votes_event_id_idx on public.poll_votes (event_id);
create index poll_votes_user_id_idx on public.poll_votes (user_id);
comment on table public.poll_votes is 'One row per member per chosen option. poll_id, event_id and single_choice come from the option''s poll (trigger).';

grant select on public.polls to authenticated;
grant insert (event_id, question, choice, closes_at) on public.polls to authenticated;
-- choice is not updatable: existing votes were cast under it.
grant update (question, closes_at) on public.polls to authenticated;
grant delete on public.polls to authenticated;
grant all on public.polls to service_role;

grant select on public.poll_options to authenticated;
grant insert (poll_id, label, position) on public.poll_options to authenticated;
grant update (label, position) on public.poll_options to authenticated;
grant delete on public.poll_options to authenticated;
grant all on public.poll_options to service_role;

grant select on public.poll_votes to authenticated;
grant insert (option_id, user_id) on public.poll_votes to authenticated;
grant update (option_id) on public.poll_votes to authenticated;
grant delete on public.poll_votes to authenticated;
grant all on public.poll_votes to service_role;

-- polls and poll_options: members read, organizers and co-organizers manage --------------------
create policy polls_select_by_members on public.polls
  for select to authenticated using (private.is_event_member(event_id));

create policy polls_insert_by_organizers on public.polls
  for insert to authenticated
  with check (private.has_event_role(event_id, array['organizer', 'co_organizer']::public.event_member_role[]));

create policy polls_update_by_organizers on public.polls
  for update to authenticated
  using (private.has_event_role(event_id, array['organizer', 'co_organizer']::public.event_member_role[]))
  with check (private.has_event_role(event_id, array['organizer', 'co_organizer']::public.event_member_role[]));

create policy polls_delete_by_organizers on public.polls
  for delete to authenticated
  using (private.has_event_role(event_id, array['organizer', 'co_organizer']::public.event_member_role[]));

create policy poll_options_select_by_members on public.poll_options
  for select to authenticated using (private.is_event_member(event_id));

create policy poll_options_insert_by_organizers on public.poll_options
  for insert to authenticated
  with check (private.has_event_role(event_id, array['organizer', 'co_organizer']::public.event_member_role[]));

create policy poll_options_update_by_organizers on public.poll_options
  for update to authenticated
  using (private.has_event_role(event_id, array['organizer', 'co_organizer']::public.event_member_role[]))
  with check (private.has_event_role(event_id, array['organizer', 'co_organizer']::public.event_member_role[]));

create policy poll_options_delete_by_organizers on public.poll_options
  for delete to authenticated
  using (private.has_event_role(event_id, array['organizer', 'co_organizer']::public.event_member_role[]));

-- poll_votes: members vote for themselves only ---------------------------------------------------
create policy poll_votes_select_by_members on public.poll_votes
  for select to authenticated using (private.is_event_member(event_id));

create policy poll_votes_insert_own_by_members on public.poll_votes
  for insert to authenticated
  with check (user_id = (select auth.uid()) and private.is_event_member(event_id));

create policy poll_votes_update_own_by_members on public.poll_votes
  for update to authenticated
  using (user_id = (select auth.uid()) and private.is_event_member(event_id))
  with check (user_id = (select auth.uid()) and private.is_event_member(event_id));

create policy poll_votes_delete_own_by_members on public.poll_votes
  for delete to authenticated
  using (user_id = (select auth.uid()) and private.is_event_member(event_id));

-- Triggers -------------------------------------------------------------------------------------
-- Definer: copies the poll's event even when RLS hides the poll, so the policy judges the truth.
create function private.poll_options_set_event() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  select p.event_id into new.event_id from public.polls p where p.id = new.poll_id;
  return new;
end
$$;
create trigger poll_options_set_event before insert on public.poll_options
  for each row execute function private.poll_options_set_event();

-- Derives a vote's poll from its option and refuses votes on closed polls. The share lock on the
-- poll serialises votes with an organizer closing it. Definer for the same reason as above.
create function private.poll_votes_guard() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  target_poll public.polls;
  option_poll uuid;
begin
  if tg_op in ('INSERT', 'UPDATE') then
    select o.poll_id into option_poll from public.poll_options o where o.id = new.option_id;
    if option_poll is null then
      raise exception 'option_not_found: no poll option %', new.option_id using errcode = 'PT404';
    end if;
    if tg_op = 'UPDATE' and option_poll <> old.poll_id then
      raise exception 'a vote cannot move to another poll' using errcode = '23514';
    end if;
  else
    option_poll := old.poll_id;
  end if;
  select * into target_poll from public.polls p where p.id = option_poll for share;
  if target_poll.closes_at is not null and target_poll.closes_at <= now() then
    raise exception 'poll_closed: the poll closed at %', target_poll.closes_at using errcode = 'PT409';
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
create trigger poll_votes_guard before insert or update or delete on public.poll_votes
  for each row execute function private.poll_votes_guard();

-- Votes for an option as the caller. Single choice: replaces the caller's vote in that poll in one
-- statement (the partial unique index is the arbiter). Multiple choice: adds the option, idempotent.
create function public.vote_in_poll(option uuid) returns public.poll_votes
language plpgsql security invoker set search_path = '' as $$
declare
  kind public.poll_choice;
  result public.poll_votes;
begin
  select p.choice into kind
    from public.poll_options o join public.polls p on p.id = o.poll_id
   where o.id = option;
  if kind is null then
    raise exception 'option_not_found: no poll option %', option using errcode = 'PT404';
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
comment on function public.vote_in_poll(uuid) is 'Votes for an option as the caller; in a single-choice poll it replaces the caller''s previous vote atomically.';
revoke execute on function public.vote_in_poll(uuid) from public, anon;
grant execute on function public.vote_in_poll(uuid) to authenticated;

create view public.poll_results with (security_invoker = true) as
  select o.poll_id, o.id as option_id, o.event_id, o.label, o.position, count(v.user_id)::integer as votes
    from public.poll_options o
    left join public.poll_votes v on v.option_id = o.id
   group by o.id;
comment on view public.poll_results is 'Vote count per poll option; members of the event only.';
grant select on public.poll_results to authenticated, service_role;
