-- Booking state changes: atomic functions that lock the session row first (then the booking), so
-- seats are counted and taken under one lock and capacity holds under any concurrency.

-- Seats taken: confirmed bookings plus holds that have not run out (expired holds free their seat
-- at once, whether or not the expiry job has run yet).
create function private.seats_taken(p_session_id uuid, p_except uuid default null) returns integer
language sql stable set search_path = '' as $$
  select count(*)::integer
  from public.bookings b
  where b.session_id = p_session_id
    and b.id is distinct from p_except
    and (b.status = 'confirmed' or (b.status = 'pending' and b.hold_expires_at > now()))
$$;
revoke execute on function private.seats_taken(uuid, uuid) from public, anon;
grant execute on function private.seats_taken(uuid, uuid) to authenticated, service_role;

-- Holds a seat (or confirms at once when the session is free). Called by the payments function
-- for the user it authenticated; the amount comes from the session row, never from the client.
create function public.book_session(p_session_id uuid, p_user_id uuid) returns public.bookings
language plpgsql set search_path = '' as $$
declare
  s public.sessions;
  b public.bookings;
begin
  select * into s from public.sessions where id = p_session_id for update;
  if s.id is null or not s.published then
    raise exception 'session not found' using errcode = 'P0002';
  end if;
  if s.starts_at <= now() then
    raise exception 'session has already started' using errcode = 'GH410';
  end if;
  if s.creator_id = p_user_id then
    raise exception 'creators cannot book their own session' using errcode = '42501';
  end if;

  update public.bookings set status = 'expired'
  where session_id = s.id and user_id = p_user_id and status = 'pending' and hold_expires_at <= now();
  select * into b from public.bookings
  where session_id = s.id and user_id = p_user_id and status in ('pending', 'confirmed');
  if b.status = 'pending' then
    return b; -- the same live hold: the caller reuses its payment
  elsif b.status = 'confirmed' then
    raise exception 'already booked' using errcode = '23505';
  end if;

  if private.seats_taken(s.id) >= s.capacity then
    raise exception 'session is full' using errcode = 'GH409';
  end if;

  insert into public.bookings (user_id, session_id, status, amount_minor, currency, hold_expires_at, confirmed_at)
  values (
    p_user_id, s.id,
    case when s.price_minor = 0 then 'confirmed' else 'pending' end::public.booking_status,
    s.price_minor, s.currency,
    case when s.price_minor > 0 then now() + interval '15 minutes' end,
    case when s.price_minor = 0 then now() end
  )
  returning * into b;
  return b;
end
$$;

create function public.attach_payment_intent(p_booking_id uuid, p_payment_intent_id text) returns public.bookings
language plpgsql set search_path = '' as $$
declare
  b public.bookings;
begin
  update public.bookings set stripe_payment_intent_id = p_payment_intent_id
  where id = p_booking_id and (stripe_payment_intent_id is null or stripe_payment_intent_id = p_payment_intent_id)
  returning * into b;
  if b.id is null then
    raise exception 'booking not found or paid through another payment' using errcode = 'P0002';
  end if;
  return b;
end
$$;

-- A verified payment arrived. Returns 'confirmed', 'already_confirmed', 'already_refunded',
-- 'unknown_booking' or 'refund_required' (no seat is left, the user cancelled, or the payment does
-- not match the booking): the caller then refunds it, so no paid booking is ever without a seat.
create function public.confirm_booking_payment(
  p_booking_id uuid, p_payment_intent_id text, p_amount_minor integer, p_currency text, p_event_at timestamptz
) returns text
language plpgsql set search_path = '' as $$
declare
  s public.sessions;
  b public.bookings;
begin
  select * into s from public.sessions where id = (select session_id from public.bookings where id = p_booking_id) for update;
  select * into b from public.bookings where id = p_booking_id for update;
  if b.id is null then
    return 'unknown_booking';
  end if;
  if b.stripe_payment_intent_id is distinct from p_payment_intent_id and b.stripe_payment_intent_id is not null then
    return 'refund_required';
  end if;
  if b.status = 'confirmed' then
    return 'already_confirmed';
  elsif b.status = 'refunded' then
    return 'already_refunded';
  end if;
  if p_amount_minor <> b.amount_minor or p_currency <> b.currency
     or b.cancel_reason = 'by_user'
     or s.starts_at <= now()
     or private.seats_taken(s.id, b.id) >= s.capacity
     or exists (select 1 from public.bookings o
                where o.session_id = s.id and o.user_id = b.user_id and o.id <> b.id and o.status in ('pending', 'confirmed')) then
    return 'refund_required';
  end if;
  update public.bookings
  set status = 'confirmed', confirmed_at = now(), cancel_reason = null, cancelled_at = null,
      stripe_payment_intent_id = p_payment_intent_id,
      last_stripe_event_at = greatest(last_stripe_event_at, p_event_at)
  where id = b.id;
  return 'confirmed';
end
$$;

-- A payment failed or was abandoned: the hold ends and frees its seat. Only a pending booking
-- changes, and only for an event newer than the last one applied: a late failure never downgrades.
create function public.release_booking_hold(p_booking_id uuid, p_reason text, p_event_at timestamptz) returns text
language plpgsql set search_path = '' as $$
declare
  b public.bookings;
begin
  perform 1 from public.sessions where id = (select session_id from public.bookings where id = p_booking_id) for update;
  select * into b from public.bookings where id = p_booking_id for update;
  if b.id is null then
    return 'unknown_booking';
  end if;
  if b.status <> 'pending' then
    return 'ignored';
  end if;
  if b.last_stripe_event_at is not null and p_event_at < b.last_stripe_event_at then
    return 'stale';
  end if;
  update public.bookings
  set status = 'cancelled', cancel_reason = p_reason, cancelled_at = now(), last_stripe_event_at = p_event_at
  where id = b.id;
  return 'cancelled';
end
$$;

-- The money went back (our refund, or one made in Stripe's dashboard).
create function public.mark_booking_refunded(p_booking_id uuid, p_refund_id text) returns text
language plpgsql set search_path = '' as $$
declare
  b public.bookings;
begin
  perform 1 from public.sessions where id = (select session_id from public.bookings where id = p_booking_id) for update;
  select * into b from public.bookings where id = p_booking_id for update;
  if b.id is null then
    return 'unknown_booking';
  end if;
  update public.bookings
  set status = 'refunded', stripe_refund_id = coalesce(p_refund_id, stripe_refund_id), cancelled_at = coalesce(cancelled_at, now())
  where id = b.id;
  return case when b.status = 'refunded' then 'already_refunded' else 'refunded' end;
end
$$;

-- The user cancels before the session starts. A paid confirmed booking becomes cancelled and the
-- caller refunds it; calling again for such a booking returns it so the refund can be retried.
create function public.cancel_booking(p_booking_id uuid, p_user_id uuid) returns public.bookings
language plpgsql set search_path = '' as $$
declare
  s public.sessions;
  b public.bookings;
begin
  select * into s from public.sessions where id = (select session_id from public.bookings where id = p_booking_id) for update;
  select * into b from public.bookings where id = p_booking_id and user_id = p_user_id for update;
  if b.id is null then
    raise exception 'booking not found' using errcode = 'P0002';
  end if;
  if b.status = 'cancelled' and b.cancel_reason = 'by_user' then
    return b;
  end if;
  if b.status not in ('pending', 'confirmed') then
    raise exception 'booking is % and cannot be cancelled', b.status using errcode = 'GH411';
  end if;
  if s.starts_at <= now() then
    raise exception 'session has already started' using errcode = 'GH410';
  end if;
  update public.bookings set status = 'cancelled', cancel_reason = 'by_user', cancelled_at = now()
  where id = b.id
  returning * into b;
  return b;
end
$$;

-- The hold-expiry job (pg_cron) and anything else that wants holds tidied.
create function private.expire_booking_holds() returns integer
language sql set search_path = '' as $$
  with expired as (
    update public.bookings set status = 'expired'
    where status = 'pending' and hold_expires_at <= now()
    returning 1
  )
  select count(*)::integer from expired
$$;

-- Creators cannot cut capacity below the seats already taken.
create function private.guard_session_capacity() returns trigger
language plpgsql set search_path = '' as $$
begin
  if new.capacity < private.seats_taken(new.id) then
    raise exception 'capacity % is below the % seats already taken', new.capacity, private.seats_taken(new.id) using errcode = '23514';
  end if;
  return new;
end
$$;
create trigger sessions_guard_capacity before update of capacity on public.sessions
  for each row execute function private.guard_session_capacity();

-- Only the service role (the edge functions, after authenticating the user or the Stripe
-- signature) changes bookings.
revoke execute on function public.book_session(uuid, uuid), public.attach_payment_intent(uuid, text),
  public.confirm_booking_payment(uuid, text, integer, text, timestamptz), public.release_booking_hold(uuid, text, timestamptz),
  public.mark_booking_refunded(uuid, text), public.cancel_booking(uuid, uuid)
  from public, anon, authenticated;
grant execute on function public.book_session(uuid, uuid), public.attach_payment_intent(uuid, text),
  public.confirm_booking_payment(uuid, text, integer, text, timestamptz), public.release_booking_hold(uuid, text, timestamptz),
  public.mark_booking_refunded(uuid, text), public.cancel_booking(uuid, uuid)
  to service_role;
revoke execute on function private.expire_booking_holds(), private.guard_session_capacity() from public, anon, authenticated;
grant execute on function private.guard_session_capacity() to authenticated, service_role;
