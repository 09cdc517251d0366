-- Identity: the custom access token hook. Supabase Auth calls it on every token issue; it copies
-- the profile's role into the `user_role` claim that policies read through private.jwt_role().

create function public.custom_access_token_hook(event jsonb) returns jsonb
language plpgsql stable set search_path = '' as $$
declare
  claims jsonb := coalesce(event -> 'claims', '{}'::jsonb);
  profile_role public.user_role;
begin
  select p.role into profile_role from public.profiles p where p.id = (event ->> 'user_id')::uuid;
  -- A user without a profile gets a null role: no role-gated right applies to them.
  claims := jsonb_set(claims, '{user_role}', coalesce(to_jsonb(profile_role::text), 'null'::jsonb));
  return jsonb_set(event, '{claims}', claims);
end
$$;
comment on function public.custom_access_token_hook(jsonb) is 'Supabase Auth custom access token hook: adds the user_role claim from profiles.';

-- Exactly the grants Supabase documents for hooks: only supabase_auth_admin may run it.
grant usage on schema public to supabase_auth_admin;
grant execute on function public.custom_access_token_hook(jsonb) to supabase_auth_admin;
revoke execute on function public.custom_access_token_hook(jsonb) from authenticated, anon, public;
grant select on table public.profiles to supabase_auth_admin;

create policy profiles_select_by_auth_admin on public.profiles
  for select to supabase_auth_admin using (true);
