-- Planning: the organizer locks a winning time slot. In one transaction the event takes the slot's
-- start and end and becomes locked; votes and new slots are refused from then on.

create function public.lock_event_slot(slot uuid) returns public.events
language plpgsql security invoker set search_path = '' as $$
declare
  chosen public.time_slots;
  ev public.events;
begin
  -- RLS: only members see the slot at all.
  select * into chosen from public.time_slots s where s.id = slot;
  if chosen.id is null then
    raise exception 'slot_not_found: no time slot %', slot using errcode = 'PT404';
  end if;
  if not private.has_event_role(chosen.event_id, array['organizer']::public.event_member_role[]) then
    raise exception 'only the organizer can lock the event' using errcode = '42501';
  end if;
  -- The row lock waits for votes in flight (they hold a share lock) and blocks new ones.
  select * into ev from public.events e where e.id = chosen.event_id for update;
  if ev.status not in ('draft', 'published') then
    raise exception 'event_locked: the event is % already', ev.status using errcode = 'PT409';
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
comment on function public.lock_event_slot(uuid) is 'Organizer only: schedules the event at the slot''s time and locks its planning.';

revoke execute on function public.lock_event_slot(uuid) from public, anon;
grant execute on function public.lock_event_slot(uuid) to authenticated;
