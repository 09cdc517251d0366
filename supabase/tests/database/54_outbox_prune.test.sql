-- Outbox retention: the hourly job deletes sent emails older than 30 days (bounded batches) and
-- nothing else; health's counts can use indexes instead of scanning the outbox.
begin;
\ir _helpers.psql
select plan(8);

delete from email_outbox;
insert into email_outbox (kind, recipient_email, subject_table, subject_id, dedupe_key, status, sent_at, next_attempt_at)
select 'event_reminder', 'x@test.dev', 'events', gen_random_uuid(), 'prune:' || i,
       (case when i <= 3 then 'sent' when i = 4 then 'dead' else 'pending' end)::email_status,
       case when i <= 2 then now() - interval '40 days' when i = 3 then now() - interval '2 days' end,
       now() - interval '40 days'
  from generate_series(1, 5) i;

select results_eq($$ select schedule, command from cron.job where jobname = 'email-outbox-prune' $$,
  $$ values ('17 * * * *'::text, 'select private.prune_sent_emails()'::text) $$, 'the prune job runs hourly');
select is(private.prune_sent_emails(), 2, 'sent emails older than 30 days are pruned');
select results_eq($$ select dedupe_key from email_outbox order by dedupe_key $$,
  $$ values ('prune:3'::text), ('prune:4'), ('prune:5') $$, 'recent sent, dead and pending rows stay');
select is(private.prune_sent_emails(batch_size => 1), 0, 'a second run finds nothing');
select throws_ok($$ select private.prune_sent_emails(interval '1 day') $$, '22023', null,
  'retention cannot drop below the follow-up window');

set local enable_seqscan = off;
create function pg_temp.plan_of(query text) returns text language plpgsql as $$
declare line text; result text := '';
begin
  for line in execute 'explain ' || query loop result := result || line || E'\n'; end loop;
  return result;
end $$;
select ok(pg_temp.plan_of($$ select 1 from public.email_outbox where status = 'sent' and sent_at < now() - interval '30 days' order by sent_at limit 10 $$)
  ~ 'email_outbox_sent_at_idx', 'pruning walks the sent_at index');
select ok(pg_temp.plan_of($$ select count(*) from (select 1 from public.email_outbox where status in ('pending', 'sending', 'failed') and next_attempt_at <= now() limit 10000) d $$)
  ~ 'email_outbox_due_idx', 'health counts the due emails on the due index');
select ok(pg_temp.plan_of($$ select count(*) from (select 1 from public.email_outbox where status = 'dead' limit 10000) d $$)
  ~ 'email_outbox_status_idx', 'health counts the dead emails on the status index');

select * from finish();
rollback;
