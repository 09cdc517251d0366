-- Edge functions that write with the service role (payments) count the user's write through PostgREST
-- too: rpc/count_function_write answers the pre-request's own 429 + Retry-After over the limit.

create function public.count_function_write(user_id uuid, weight integer default 1) returns void
language plpgsql security definer set search_path = '' as $$
declare
  subject text := 'user:' || count_function_write.user_id;
  user_role text;
  verdict jsonb;
begin
  if count_function_write.user_id is null then
    raise exception 'user_id is required' using errcode = '22023';
  end if;
  if weight is null or weight < 1 or weight > 1000 then
    raise exception 'weight must be between 1 and 1000' using errcode = '22023';
  end if;
  select p.role::text into user_role from public.profiles p where p.id = count_function_write.user_id;
  verdict := private.consume_rate_limit(subject, user_role, weight);
  if (verdict ->> 'limited')::boolean then
    perform private.raise_rate_limited(subject, (verdict -> 'details' ->> 'max_writes')::integer,
      (verdict -> 'details' ->> 'window_seconds')::integer, (verdict ->> 'retry_after')::integer);
  end if;
end
$$;
comment on function public.count_function_write(uuid, integer) is
  'Service role only: counts `weight` writes a function makes for the user against public.rate_limits (role from the profile); over the limit it answers 429 with Retry-After, like REST writes.';

revoke execute on function public.count_function_write(uuid, integer) from public, anon, authenticated;
grant execute on function public.count_function_write(uuid, integer) to service_role;
