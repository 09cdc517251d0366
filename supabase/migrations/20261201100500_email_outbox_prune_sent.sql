-- Email outbox retention: sent rows older than 30 days are deleted by a daily pg_cron job, in
-- bounded batches through an index, so the outbox (and anything that counts it) stays small.

create index email_outbox_sent_at_idx on public.email_outbox (sent_at) where status = 'sent';

-- Retention must stay longer than the follow-up window of enqueue_scheduled_emails (7 days): a
-- pruned dedupe key inside that window could enqueue the same follow-up again.
create function private.prune_sent_emails(retention interval default interval '30 days', batch_size integer default 10000)
returns integer
language plpgsql set search_path = '' as $$
declare
  pruned integer;
begin
  if retention is null or retention < interval '8 days' then
    raise exception 'invalid_input: keep sent emails at least 8 days (the follow-up window is 7)' using errcode = '22023';
  end if;
  if batch_size is null or batch_size < 1 or batch_size > 100000 then
    raise exception 'invalid_input: batch_size must be between 1 and 100000' using errcode = '22023';
  end if;
  delete from public.email_outbox o
   where o.id in (
     select s.id from public.email_outbox s
      where s.status = 'sent' and s.sent_at < now() - retention
      order by s.sent_at
      limit batch_size
   );
  get diagnostics pruned = row_count;
  return pruned;
end
$$;
comment on function private.prune_sent_emails(interval, integer) is 'pg_cron job email-outbox-prune: deletes sent emails older than the retention, one bounded batch per run.';
revoke execute on function private.prune_sent_emails(interval, integer) from public, anon, authenticated;

-- Hourly batches of at most 10,000 rows: a backlog of a million rows is gone in a few days
-- without a long delete; cron.schedule by name updates the job when it exists.
select cron.schedule('email-outbox-prune', '17 * * * *', 'select private.prune_sent_emails()');
