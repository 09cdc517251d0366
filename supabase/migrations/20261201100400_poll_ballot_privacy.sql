-- Who voted what: each poll is anonymous (default) or open, chosen by the organizer at creation.
-- Anonymous: members read only their own ballots (counts via poll_results); open: all ballots.

create type public.poll_ballots as enum ('anonymous', 'open');

-- Anonymous by default: a member's choice stays private unless the organizer says otherwise up
-- front, and existing polls (whose voters were never told) become anonymous.
alter table public.polls add column ballots public.poll_ballots not null default 'anonymous';
comment on column public.polls.ballots is 'anonymous: members see only their own ballots and the counts (poll_results); open: members see who voted what. Fixed at creation: ballots were cast under it.';
grant insert (ballots) on public.polls to authenticated;

create function private.poll_has_open_ballots(target_poll uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from public.polls p where p.id = target_poll and p.ballots = 'open')
$$;
revoke execute on function private.poll_has_open_ballots(uuid) from public, anon;
grant execute on function private.poll_has_open_ballots(uuid) to authenticated, service_role;

-- Postgres-changes realtime applies this policy too, so live ballots follow the same rule.
drop policy poll_votes_select_by_members on public.poll_votes;
create policy poll_votes_select_own_or_open_by_members on public.poll_votes
  for select to authenticated
  using (
    user_id = (select auth.uid())
    or (private.is_event_member(event_id) and private.poll_has_open_ballots(poll_id))
  );

-- Counts for members whatever the ballots: the number per option, never who. Definer because
-- the caller's RLS now hides other members' anonymous ballots.
create function private.poll_option_votes(target_option uuid) returns integer
language sql stable security definer set search_path = '' as $$
  select count(*)::integer from public.poll_votes v
   where v.option_id = target_option and private.is_event_member(v.event_id)
$$;
revoke execute on function private.poll_option_votes(uuid) from public, anon;
grant execute on function private.poll_option_votes(uuid) to authenticated, service_role;

create or replace view public.poll_results with (security_invoker = true) as
  select o.poll_id, o.id as option_id, o.event_id, o.label, o.position, private.poll_option_votes(o.id) as votes
    from public.poll_options o;

-- The broadcast topic reaches every member: an anonymous poll's change carries no voter.
create function private.broadcast_poll_vote_change() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  changed public.poll_votes := case when tg_op = 'DELETE' then old else new end;
  hide_voter boolean := not private.poll_has_open_ballots(changed.poll_id);
  strip text[] := case when hide_voter then array['user_id'] else array[]::text[] end;
begin
  perform realtime.send(
    jsonb_build_object(
      'operation', tg_op,
      'schema', tg_table_schema,
      'table', tg_table_name,
      'record', case when tg_op = 'DELETE' then null else to_jsonb(new) - strip end,
      'old_record', case when tg_op = 'INSERT' then null else to_jsonb(old) - strip end
    ),
    tg_op,
    'event:' || changed.event_id::text,
    true
  );
  return null;
end
$$;
revoke execute on function private.broadcast_poll_vote_change() from public, anon, authenticated;

drop trigger poll_votes_broadcast on public.poll_votes;
create trigger poll_votes_broadcast after insert or update or delete on public.poll_votes
  for each row execute function private.broadcast_poll_vote_change();
