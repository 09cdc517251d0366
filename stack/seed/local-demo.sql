-- Local stack only (applied after supabase/seed.sql by `npm run dev`, `npm run db:reset` and the
-- test stack; never by `supabase db push`, preview branches or hosted projects): demo passwords and
-- the demo admin. Every seed user signs in with the password `gatherhub-demo`.

update auth.users
set encrypted_password = extensions.crypt('gatherhub-demo', extensions.gen_salt('bf', 10))
where email like '%@gatherhub.dev' or email like '%@seed.gatherhub.dev';

-- Nobody becomes admin by signing up: an admin (here, the local seed) promotes.
update public.profiles set role = 'admin' where id = '10000000-0000-4000-8000-000000000099';
