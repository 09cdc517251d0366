-- Columns added by check-in and series (500000, 500200) after events/sessions switched to column
-- privileges (100000): readable like every other column but online_url.

grant select (checkin_opens_before, series_id, series_occurrence, series_override) on public.events to anon, authenticated;
grant select (checkin_opens_before) on public.sessions to anon, authenticated;
