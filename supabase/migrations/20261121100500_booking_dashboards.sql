-- Dashboards for paid sessions: the user's bookings (upcoming and past) and the creator's sessions
-- with seat counts and revenue. Security invoker: RLS decides which rows each caller counts.

create function public.dashboard_user_bookings()
returns table (
  booking_id uuid, session_id uuid, title text, starts_at timestamptz, ends_at timestamptz, location text, online_url text,
  status public.booking_status, amount_minor integer, currency text, hold_expires_at timestamptz, upcoming boolean
)
language sql stable set search_path = '' as $$
  select b.id, s.id, s.title, s.starts_at, s.ends_at, s.location, s.online_url,
         b.status, b.amount_minor, b.currency, b.hold_expires_at, s.starts_at > now()
  from public.bookings b
  join public.sessions s on s.id = b.session_id
  where b.user_id = (select auth.uid())
  order by s.starts_at, b.created_at
$$;
comment on function public.dashboard_user_bookings() is 'The caller''s bookings with their sessions; upcoming = the session has not started.';

create function public.dashboard_creator_sessions()
returns table (
  session_id uuid, title text, starts_at timestamptz, published boolean, capacity integer, price_minor integer, currency text,
  confirmed_bookings integer, held_seats integer, seats_left integer, revenue_minor bigint, upcoming boolean
)
language sql stable set search_path = '' as $$
  select s.id, s.title, s.starts_at, s.published, s.capacity, s.price_minor, s.currency,
         count(b.id) filter (where b.status = 'confirmed')::integer,
         count(b.id) filter (where b.status = 'pending' and b.hold_expires_at > now())::integer,
         s.capacity - count(b.id) filter (where b.status = 'confirmed' or (b.status = 'pending' and b.hold_expires_at > now()))::integer,
         coalesce(sum(b.amount_minor) filter (where b.status = 'confirmed'), 0)::bigint,
         s.starts_at > now()
  from public.sessions s
  left join public.bookings b on b.session_id = s.id
  where s.creator_id = (select auth.uid())
  group by s.id
  order by s.starts_at
$$;
comment on function public.dashboard_creator_sessions() is 'The calling creator''s sessions with confirmed bookings, live holds, free seats and revenue.';

create function public.dashboard_creator_revenue()
returns table (currency text, revenue_minor bigint, confirmed_bookings integer)
language sql stable set search_path = '' as $$
  select b.currency, sum(b.amount_minor)::bigint, count(*)::integer
  from public.bookings b
  join public.sessions s on s.id = b.session_id
  where s.creator_id = (select auth.uid()) and b.status = 'confirmed'
  group by b.currency
  order by b.currency
$$;
comment on function public.dashboard_creator_revenue() is 'The calling creator''s revenue per currency from confirmed bookings (refunds excluded).';

revoke execute on function public.dashboard_user_bookings(), public.dashboard_creator_sessions(), public.dashboard_creator_revenue()
  from public, anon;
grant execute on function public.dashboard_user_bookings(), public.dashboard_creator_sessions(), public.dashboard_creator_revenue()
  to authenticated, service_role;
