-- Email: booking kinds. New enum values are committed in their own migration because Postgres
-- cannot use a value added in the same transaction.
alter type public.email_kind add value if not exists 'booking_confirmed';
alter type public.email_kind add value if not exists 'booking_refunded';
