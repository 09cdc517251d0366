-- Email: which non-transactional emails each user wants (reminders, follow-ups, waitlist news,
-- event changes). One row per user, made with the profile; only its owner reads and changes it.

create table public.notification_preferences (
  user_id uuid primary key references public.profiles (id) on delete cascade,
  reminders boolean not null default true,
  follow_ups boolean not null default true,
  waitlist boolean not null default true,
  event_changes boolean not null default true,
  updated_at timestamptz not null default now()
);
alter table public.notification_preferences enable row level security;

comment on table public.notification_preferences is 'Per user: which non-transactional emails they get. Confirmations, cancellations, refunds and auth emails are always sent. The dispatcher reads this at send time; one-click unsubscribe links turn a column off.';
comment on column public.notification_preferences.reminders is 'event_reminder: one hour before the start.';
comment on column public.notification_preferences.follow_ups is 'enrollment_follow_up: one hour after enrolling.';
comment on column public.notification_preferences.waitlist is 'waitlist_promoted: a seat opened up and the user moved from the waitlist to enrolled.';
comment on column public.notification_preferences.event_changes is 'event_changed: the organizers moved the event in time or place.';

-- Owners read their row and change the switches; rows come and go with the profile.
grant select, update (reminders, follow_ups, waitlist, event_changes) on public.notification_preferences to authenticated;
grant all on public.notification_preferences to service_role;

create policy notification_preferences_select_by_owner on public.notification_preferences
  for select to authenticated using (user_id = (select auth.uid()));

create policy notification_preferences_update_by_owner on public.notification_preferences
  for update to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));

create trigger notification_preferences_touch_updated_at before update on public.notification_preferences
  for each row execute function private.touch_updated_at();

-- Definer: writes a row the new user cannot insert themselves (no insert grant).
create function private.create_notification_preferences() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into public.notification_preferences (user_id) values (new.id) on conflict (user_id) do nothing;
  return null;
end
$$;

create trigger profiles_create_notification_preferences after insert on public.profiles
  for each row execute function private.create_notification_preferences();

insert into public.notification_preferences (user_id) select id from public.profiles on conflict (user_id) do nothing;

-- The preference column (category) an email kind belongs to; null = transactional, always sent.
create function private.email_category(k public.email_kind) returns text
language sql immutable set search_path = '' as $$
  select case k
    when 'event_reminder' then 'reminders'
    when 'enrollment_follow_up' then 'follow_ups'
    when 'waitlist_promoted' then 'waitlist'
    when 'event_changed' then 'event_changes'
  end
$$;
comment on function private.email_category(public.email_kind) is 'Preference category of an email kind (a notification_preferences column), or null for transactional emails.';

-- Whether the user wants emails of this kind now. Transactional kinds and recipients without a
-- preferences row (e.g. bench rows without a user) get them.
create function private.wants_email(recipient uuid, k public.email_kind) returns boolean
language sql stable set search_path = '' as $$
  select coalesce((
    select case private.email_category(k)
             when 'reminders' then p.reminders
             when 'follow_ups' then p.follow_ups
             when 'waitlist' then p.waitlist
             when 'event_changes' then p.event_changes
           end
      from public.notification_preferences p
     where p.user_id = recipient
  ), true)
$$;

revoke execute on function private.create_notification_preferences(), private.email_category(public.email_kind),
  private.wants_email(uuid, public.email_kind) from public, anon, authenticated;
