-- poll_results lost its group by (counts now come from private.poll_option_votes), which made the
-- view auto-updatable: it stays read-only for every API role, as the sweep expects.

revoke insert, update, delete, truncate on public.poll_results from anon, authenticated, service_role;
