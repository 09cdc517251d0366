-- Hold expiry: pg_cron marks pending bookings whose hold ran out as expired every minute (seat
-- counting already ignores them; this makes their status say so). Rescheduled idempotently.

-- pg_catalog, as Supabase installs it (never the public schema).
create extension if not exists pg_cron with schema pg_catalog;

do $$
begin
  if exists (select 1 from cron.job where jobname = 'expire-booking-holds') then
    perform cron.unschedule('expire-booking-holds');
  end if;
  perform cron.schedule('expire-booking-holds', '* * * * *', 'select private.expire_booking_holds()');
end
$$;
