-- Events are created as drafts or published only: `locked` comes from lock_event_slot, `cancelled`
-- from cancelling. Fixtures and bulk loads by the owner (migrations, bench) may still insert any status.

create function private.events_created_draft_or_published() returns trigger
language plpgsql set search_path = '' as $$
begin
  if new.status not in ('draft', 'published') and current_user in ('anon', 'authenticated') then
    raise exception 'a new event is draft or published, not %', new.status
      using errcode = '23514', hint = 'Create it as a draft; lock it with rpc/lock_event_slot or cancel it later.';
  end if;
  return new;
end
$$;
revoke execute on function private.events_created_draft_or_published() from public;

create trigger events_created_draft_or_published before insert on public.events
  for each row execute function private.events_created_draft_or_published();
