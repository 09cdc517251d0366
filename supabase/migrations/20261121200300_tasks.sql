-- Planning: an event's tasks (todo / doing / done) with an assignee who must be a member.
-- Organizers and co-organizers manage tasks; an assignee may change only the status of theirs.

create type public.task_status as enum ('todo', 'doing', 'done');

create table public.tasks (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references public.events (id) on delete cascade,
  title text not null check (char_length(btrim(title)) between 1 and 200),
  notes text not null default '' check (char_length(notes) <= 5000),
  status public.task_status not null default 'todo',
  assignee_id uuid,
  due_at timestamptz,
  position integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- The assignee is a member of the event; if they leave, the task becomes unassigned.
  constraint tasks_assignee_is_member foreign key (event_id, assignee_id)
    references public.event_members (event_id, user_id) on delete set null (assignee_id)
);
alter table public.tasks enable row level security;
create index tasks_event_status_position_idx on public.tasks (event_id, status, position);
create index tasks_event_assignee_idx on public.tasks (event_id, assignee_id);
create index tasks_assignee_id_idx on public.tasks (assignee_id);
comment on table public.tasks is 'Work items of an event. Organizers manage them; assignees move their own between statuses.';
comment on column public.tasks.position is 'Order within the event''s board (lower first).';

grant select on public.tasks to authenticated;
grant insert (event_id, title, notes, status, assignee_id, due_at, position) on public.tasks to authenticated;
grant update (title, notes, status, assignee_id, due_at, position) on public.tasks to authenticated;
grant delete on public.tasks to authenticated;
grant all on public.tasks to service_role;

create policy tasks_select_by_members on public.tasks
  for select to authenticated using (private.is_event_member(event_id));

create policy tasks_insert_by_organizers on public.tasks
  for insert to authenticated
  with check (private.has_event_role(event_id, array['organizer', 'co_organizer']::public.event_member_role[]));

-- Organizers change anything; an assignee reaches only their own tasks, and tasks_before_update
-- limits them to the status column.
create policy tasks_update_by_organizers_or_assignee on public.tasks
  for update to authenticated
  using (
    assignee_id = (select auth.uid())
    or private.has_event_role(event_id, array['organizer', 'co_organizer']::public.event_member_role[])
  )
  with check (
    assignee_id = (select auth.uid())
    or private.has_event_role(event_id, array['organizer', 'co_organizer']::public.event_member_role[])
  );

create policy tasks_delete_by_organizers on public.tasks
  for delete to authenticated
  using (private.has_event_role(event_id, array['organizer', 'co_organizer']::public.event_member_role[]));

-- Depth 1 only: deeper updates come from the database itself (a member leaving unassigns them
-- through tasks_assignee_is_member's on delete set null).
create function private.tasks_before_update() returns trigger
language plpgsql set search_path = '' as $$
begin
  if (select auth.role()) = 'authenticated' and pg_trigger_depth() = 1
     and not private.has_event_role(old.event_id, array['organizer', 'co_organizer']::public.event_member_role[])
     and (new.title, new.notes, new.assignee_id, new.due_at, new.position)
         is distinct from (old.title, old.notes, old.assignee_id, old.due_at, old.position) then
    raise exception 'an assignee may change only the status of their task' using errcode = '42501';
  end if;
  new.updated_at := now();
  return new;
end
$$;
create trigger tasks_before_update before update on public.tasks
  for each row execute function private.tasks_before_update();
