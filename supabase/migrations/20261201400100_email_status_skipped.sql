-- Email: a `skipped` outcome for outbox rows the recipient no longer wants (preferences checked at
-- send time). Its own migration: a new enum value cannot be used in the transaction that adds it.

alter type public.email_status add value if not exists 'skipped' after 'sent';
