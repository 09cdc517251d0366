-- Tables clients can insert into since 200200 (event_series, series_follows from 500200) count a
-- batch insert by its rows against the rate limits, like every other client-insertable table.

create trigger rate_limit_inserted_rows after insert on public.event_series referencing new table as new_rows
  for each statement execute function private.rate_limit_inserted_rows();
create trigger rate_limit_inserted_rows after insert on public.series_follows referencing new table as new_rows
  for each statement execute function private.rate_limit_inserted_rows();
