-- Booking refusals through private.refuse (PT<status>, HINT = reason) instead of the custom SQLSTATEs
-- GH409/GH410/GH411 and P0002/23505/42501; bodies otherwise as in 20261121100300.

create or replace function public.book_session(p_session_id uuid, p_user_id uuid)
returns public.bookings language plpgsql set search_path = '' as $$
declare
  s public.sessions;
  b public.bookings;
begin
  select * into s from public.sessions where id = p_session_id for update;
  if s.id is null or not s.published then
    perform private.refuse('session_not_found', jsonb_build_object('session_id', p_session_id));
  end if;
  if s.starts_at <= now() then
    perform private.refuse('session_started', jsonb_build_object('session_id', s.id, 'starts_at', s.starts_at));
  end if;
  if s.creator_id = p_user_id then
    perform private.refuse('own_session', jsonb_build_object('session_id', s.id));
  end if;

  update public.bookings set status = 'expired'
  where session_id = s.id and user_id = p_user_id and status = 'pending' and hold_expires_at <= now();
  select * into b from public.bookings
  where session_id = s.id and user_id = p_user_id and status in ('pending', 'confirmed');
  if b.status = 'pending' then
    return b; -- the same live hold: the caller reuses its payment
  elsif b.status = 'confirmed' then
    perform private.refuse('already_booked', jsonb_build_object('session_id', s.id, 'booking_id', b.id));
  end if;

  if private.seats_taken(s.id) >= s.capacity then
    perform private.refuse('session_full', jsonb_build_object('session_id', s.id, 'capacity', s.capacity));
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

create or replace function public.cancel_booking(p_booking_id uuid, p_user_id uuid)
returns public.bookings language plpgsql set search_path = '' as $$
declare
  s public.sessions;
  b public.bookings;
begin
  select * into s from public.sessions where id = (select session_id from public.bookings where id = p_booking_id) for update;
  select * into b from public.bookings where id = p_booking_id and user_id = p_user_id for update;
  if b.id is null then
    perform private.refuse('booking_not_found', jsonb_build_object('booking_id', p_booking_id));
  end if;
  if b.status = 'cancelled' and b.cancel_reason = 'by_user' then
    return b;
  end if;
  if b.status not in ('pending', 'confirmed') then
    perform private.refuse('not_cancellable', jsonb_build_object('booking_id', b.id, 'status', b.status));
  end if;
  if s.starts_at <= now() then
    perform private.refuse('session_started', jsonb_build_object('session_id', s.id, 'starts_at', s.starts_at));
  end if;
  update public.bookings set status = 'cancelled', cancel_reason = 'by_user', cancelled_at = now()
  where id = b.id
  returning * into b;
  return b;
end
$$;

create or replace function public.attach_payment_intent(p_booking_id uuid, p_payment_intent_id text)
returns public.bookings language plpgsql set search_path = '' as $$
declare
  b public.bookings;
begin
  update public.bookings set stripe_payment_intent_id = p_payment_intent_id
  where id = p_booking_id and (stripe_payment_intent_id is null or stripe_payment_intent_id = p_payment_intent_id)
  returning * into b;
  if b.id is null then
    perform private.refuse('booking_not_found', jsonb_build_object('booking_id', p_booking_id));
  end if;
  return b;
end
$$;
