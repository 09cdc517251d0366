-- Refused-attempt counting gets 1024 slots probed 16 at a time (was 256 and 8): with writes now
-- going through PostgREST as the user (rpc/enroll …), a busy minute filled the probes and dropped counts.
do $$
begin
  for i in 256 .. 1023 loop
    execute format('create sequence private.rate_limit_slot_%s minvalue 1 start 1', i);
  end loop;
end
$$;

-- Counts one attempt of the subject in the window ending at window_end and returns the attempts so
-- far (0 when the 16 probed slots are all taken by other subjects' live windows: then only committed
-- writes count for it). Costs at most 16 sequence reads and one nextval/setval. With n subjects
-- writing in one window the chance of that is about (n/1024)^16: under 1e-9 for 300.
create or replace function private.count_rate_limit_attempt(subject text, window_end timestamptz) returns integer
language plpgsql security definer set search_path = '' as $$
declare
  slots constant integer := 1024;
  probes constant integer := 16;
  tag bigint := (pg_catalog.hashtextextended(subject, 0) & 1048574) + 1; -- 1 … 2^20-1; 0 is a free slot
  window_key bigint := extract(epoch from window_end)::bigint & 4194303;
  now_key bigint := extract(epoch from now())::bigint & 4194303;
  first_slot integer := ((pg_catalog.hashtextextended(subject, 1) & 2147483647) % slots)::integer;
  packed bigint[] := '{}';
  slot_tag bigint;
  slot_window bigint;
begin
  -- First this subject's own slot for this window, wherever it is among the probes …
  for probe in 0 .. probes - 1 loop
    packed[probe] := coalesce(pg_catalog.pg_sequence_last_value(private.rate_limit_slot((first_slot + probe) % slots)), 0);
    if packed[probe] >> 43 = tag and (packed[probe] >> 21) & 4194303 = window_key then
      return (pg_catalog.nextval(private.rate_limit_slot((first_slot + probe) % slots)) & 2097151)::integer;
    end if;
  end loop;
  -- … else the first free slot, its own previous window, or another subject's window that has ended.
  for probe in 0 .. probes - 1 loop
    slot_tag := packed[probe] >> 43;
    slot_window := (packed[probe] >> 21) & 4194303;
    if slot_tag = 0 or slot_tag = tag or ((now_key - slot_window) & 4194303) < 2097152 then
      perform pg_catalog.setval(private.rate_limit_slot((first_slot + probe) % slots), (tag << 43) | (window_key << 21) | 1);
      return 1;
    end if;
  end loop;
  return 0;
end
$$;

create or replace function private.forget_rate_limit_attempts(subject text) returns void
language plpgsql security definer set search_path = '' as $$
declare
  tag bigint := (pg_catalog.hashtextextended(subject, 0) & 1048574) + 1;
begin
  for n in 0 .. 1023 loop
    if coalesce(pg_catalog.pg_sequence_last_value(private.rate_limit_slot(n)), 0) >> 43 = tag then
      perform pg_catalog.setval(private.rate_limit_slot(n), 1, false);
    end if;
  end loop;
  delete from private.rate_limit_counters c where c.subject = forget_rate_limit_attempts.subject;
end
$$;

create or replace function private.prune_rate_limit_counters() returns void
language plpgsql security definer set search_path = '' as $$
declare
  now_key bigint := extract(epoch from now())::bigint & 4194303;
  packed bigint;
begin
  delete from private.rate_limit_counters where window_start < now() - interval '1 hour';
  for n in 0 .. 1023 loop
    packed := coalesce(pg_catalog.pg_sequence_last_value(private.rate_limit_slot(n)), 0);
    if packed >> 43 <> 0 and ((now_key - ((packed >> 21) & 4194303)) & 4194303) between 1 and 2097151 then
      perform pg_catalog.setval(private.rate_limit_slot(n), 1, false);
    end if;
  end loop;
end
$$;
