-- Bookings: a user's seat in a session, from a pending hold to confirmed / cancelled / refunded /
-- expired. Clients only read them; every write goes through the booking functions (service role).

create type public.booking_status as enum ('pending', 'confirmed', 'cancelled', 'refunded', 'expired');

create table public.bookings (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.profiles (id) on delete cascade,
  session_id uuid not null references public.sessions (id) on delete restrict,
  status public.booking_status not null default 'pending',
  amount_minor integer not null check (amount_minor >= 0),
  currency text not null check (currency ~ '^[a-z]{3}$'),
  stripe_payment_intent_id text unique,
  stripe_refund_id text,
  hold_expires_at timestamptz,
  last_stripe_event_at timestamptz,
  confirmed_at timestamptz,
  cancelled_at timestamptz,
  cancel_reason text check (cancel_reason in ('by_user', 'payment_failed', 'payment_canceled', 'checkout_expired')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint bookings_pending_has_hold check (status <> 'pending' or hold_expires_at is not null)
);
alter table public.bookings enable row level security;

comment on table public.bookings is 'Seats in sessions. Written only by the booking functions; a pending hold counts against capacity until hold_expires_at.';
comment on column public.bookings.amount_minor is 'Price snapshot taken from the session when the hold was made; Stripe is asked for exactly this.';
comment on column public.bookings.cancel_reason is 'Why a booking was cancelled: by its user, or by Stripe (failed / canceled payment, expired checkout).';
comment on column public.bookings.last_stripe_event_at is 'created time of the newest Stripe event applied; older events never overwrite newer state.';

create index bookings_user_id_idx on public.bookings (user_id);
create index bookings_session_id_status_idx on public.bookings (session_id, status);
-- One live booking per user and session.
create unique index bookings_one_active_per_user on public.bookings (session_id, user_id) where status in ('pending', 'confirmed');
create index bookings_pending_hold_idx on public.bookings (hold_expires_at) where status = 'pending';

create trigger bookings_touch_updated_at before update on public.bookings
  for each row execute function private.touch_updated_at();

-- Read-only for clients: no insert/update/delete grant, so nobody sets status, amount or Stripe ids.
grant select on public.bookings to authenticated;
grant select, insert, update, delete on public.bookings to service_role;

create policy bookings_select_by_booker_or_session_creator on public.bookings
  for select to authenticated
  using (
    user_id = (select auth.uid())
    or session_id in (select s.id from public.sessions s where s.creator_id = (select auth.uid()))
  );
