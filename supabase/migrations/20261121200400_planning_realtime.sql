-- Planning realtime: votes and tasks reach members live on both Realtime paths. Postgres changes
-- (publication + full replica identity, RLS decides who receives) and a private broadcast topic
-- per event, `event:<id>`, fed by triggers and readable only by the event's members.

alter publication supabase_realtime add table public.slot_votes, public.poll_votes, public.tasks;

-- Full row images, so update and delete changes carry the old values (and the event_id that
-- the subscription filters on).
alter table public.slot_votes replica identity full;
alter table public.poll_votes replica identity full;
alter table public.tasks replica identity full;

-- Broadcast from the database, in the shape of realtime.broadcast_changes(). Definer: it writes
-- realtime.messages, which members may read but never write.
create function private.broadcast_planning_change() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  changed_event uuid := case when tg_op = 'DELETE' then old.event_id else new.event_id end;
begin
  perform realtime.send(
    jsonb_build_object(
      'operation', tg_op,
      'schema', tg_table_schema,
      'table', tg_table_name,
      'record', case when tg_op = 'DELETE' then null else to_jsonb(new) end,
      'old_record', case when tg_op = 'INSERT' then null else to_jsonb(old) end
    ),
    tg_op,
    'event:' || changed_event::text,
    true
  );
  return null;
end
$$;

create trigger slot_votes_broadcast after insert or update or delete on public.slot_votes
  for each row execute function private.broadcast_planning_change();
create trigger poll_votes_broadcast after insert or update or delete on public.poll_votes
  for each row execute function private.broadcast_planning_change();
create trigger tasks_broadcast after insert or update or delete on public.tasks
  for each row execute function private.broadcast_planning_change();

-- Whether the caller may join a private `event:<id>` topic: they are a member of that event.
-- Definer so it reads memberships without going through event_members' own policies.
create function private.is_event_topic_member(topic text) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.event_members m
    where m.user_id = (select auth.uid()) and 'event:' || m.event_id::text = topic
  )
$$;
revoke execute on function private.is_event_topic_member(text) from public, anon;
grant execute on function private.is_event_topic_member(text) to authenticated;

create policy event_topics_select_by_members on realtime.messages
  for select to authenticated
  using (extension = 'broadcast' and (select private.is_event_topic_member((select realtime.topic()))));
