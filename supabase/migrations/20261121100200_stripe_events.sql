-- Stripe webhook idempotency: every Stripe event id is recorded once; processed_at is set when its
-- effects are complete, so a redelivered event changes nothing and a half-done one is finished.

create table public.stripe_events (
  id text primary key check (id ~ '^evt_'),
  type text not null,
  stripe_created_at timestamptz not null,
  received_at timestamptz not null default now(),
  processed_at timestamptz
);
alter table public.stripe_events enable row level security;

comment on table public.stripe_events is 'Stripe events the webhook has seen (one row per event id); processed_at null means not finished.';

create index stripe_events_unprocessed_idx on public.stripe_events (received_at) where processed_at is null;

grant select on public.stripe_events to authenticated;
grant select, insert, update, delete on public.stripe_events to service_role;

create policy stripe_events_select_by_admins on public.stripe_events
  for select to authenticated using ((select private.is_admin()));

-- Returns true when the event must be processed: it is new, or an earlier delivery did not finish.
create function public.begin_stripe_event(p_id text, p_type text, p_created timestamptz) returns boolean
language plpgsql set search_path = '' as $$
begin
  insert into public.stripe_events (id, type, stripe_created_at) values (p_id, p_type, p_created)
  on conflict (id) do nothing;
  return (select e.processed_at is null from public.stripe_events e where e.id = p_id);
end
$$;

create function public.finish_stripe_event(p_id text) returns void
language sql set search_path = '' as $$
  update public.stripe_events set processed_at = now() where id = p_id and processed_at is null
$$;

revoke execute on function public.begin_stripe_event(text, text, timestamptz), public.finish_stripe_event(text) from public, anon, authenticated;
grant execute on function public.begin_stripe_event(text, text, timestamptz), public.finish_stripe_event(text) to service_role;
