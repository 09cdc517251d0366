-- Email: bookings confirmed (paid or free) and refunded (by the user, or automatically when a
-- late payment found no seat) enqueue in the same transaction as the status change.

-- Definer: reads the recipient's address from auth.users and writes the outbox.
create function private.bookings_after_write_email() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  address text;
  email_kind public.email_kind;
  previous public.booking_status := case when tg_op = 'UPDATE' then old.status end;
begin
  if previous is not distinct from new.status or new.status not in ('confirmed', 'refunded') then
    return null;
  end if;
  email_kind := case new.status when 'confirmed' then 'booking_confirmed' else 'booking_refunded' end;
  select u.email into address from auth.users u where u.id = new.user_id;
  if address is null or position('@' in address) < 2 then
    return null;
  end if;
  insert into public.email_outbox (kind, recipient_id, recipient_email, subject_table, subject_id, payload, dedupe_key)
  values (
    email_kind, new.user_id, address, 'bookings', new.id,
    jsonb_build_object(
      'amount_minor', new.amount_minor, 'currency', new.currency,
      -- A refund straight from pending means the payment came after the seat was gone.
      'reason', case when new.status = 'refunded' and previous in ('pending', 'expired') then 'no_seat' else 'cancelled' end
    ),
    email_kind || ':' || new.id
  )
  on conflict on constraint email_outbox_dedupe_key_key do nothing;
  return null;
end
$$;

create trigger bookings_after_write_email after insert or update of status on public.bookings
  for each row execute function private.bookings_after_write_email();
