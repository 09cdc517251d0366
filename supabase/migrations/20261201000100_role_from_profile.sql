-- Identity: policies read the caller's role from profiles, not from the token's user_role claim,
-- so a role change (an admin demoting a facilitator) takes effect on the user's next request.

-- Definer: anon cannot read profiles, yet policies evaluated for anon call this too. One indexed
-- lookup by primary key; policies call it as `(select private.jwt_role())`, once per statement.
-- The name stays: every policy refers to it, and the claim still carries the same value for clients.
create or replace function private.jwt_role() returns public.user_role
language sql stable security definer set search_path = '' as $$
  select p.role from public.profiles p where p.id = (select auth.uid())
$$;
comment on function private.jwt_role() is
  'The caller''s GatherHub role from their profile (the source of truth), or null; the user_role claim only mirrors it for clients.';
