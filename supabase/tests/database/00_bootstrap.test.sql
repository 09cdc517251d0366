-- The Docker-free bootstrap behaves like the Supabase image: roles, schemas, JWT helpers, publication.
begin;
\ir _helpers.psql
select plan(20);

select has_role('anon');
select has_role('authenticated');
select has_role('service_role');
select ok((select rolbypassrls from pg_roles where rolname = 'service_role'), 'service_role bypasses RLS');
select ok((select not rolbypassrls from pg_roles where rolname = 'authenticated'), 'authenticated does not bypass RLS');
select ok(pg_has_role('authenticator', 'anon', 'member') and pg_has_role('authenticator', 'authenticated', 'member')
          and pg_has_role('authenticator', 'service_role', 'member'), 'authenticator can switch to every API role');
select ok((select rolcanlogin and not rolinherit from pg_roles where rolname = 'authenticator'), 'authenticator logs in and does not inherit');

select has_schema('auth');
select has_schema('storage');
select has_schema('realtime');
select has_schema('extensions');
select ok(exists (select 1 from pg_publication where pubname = 'supabase_realtime'), 'supabase_realtime publication exists');

-- The storage schema is Supabase Storage's own (its migrations ran), not a hand-made copy.
select ok(exists (select 1 from storage.migrations where name = 'prevent-direct-deletes'), 'Storage''s own migrations made the storage schema');
select is((select tableowner::text from pg_tables where schemaname = 'storage' and tablename = 'objects'), 'supabase_storage_admin', 'Storage owns storage.objects');
select ok(pg_has_role('supabase_storage_admin', 'authenticator', 'member'), 'Storage can switch to the API roles through authenticator');

-- auth.uid() / auth.role() / auth.jwt() read request.jwt.claims like Supabase's.
select set_config('request.jwt.claims', '{"sub": "7d3f9a2e-0000-4000-8000-000000000001", "role": "authenticated", "email": "a@example.com"}', true);
select is(auth.uid(), '7d3f9a2e-0000-4000-8000-000000000001'::uuid, 'auth.uid() is the sub claim');
select is(auth.role(), 'authenticated', 'auth.role() is the role claim');
select is(auth.jwt() ->> 'email', 'a@example.com', 'auth.jwt() returns every claim');
select set_config('request.jwt.claims', '', true);
select is(auth.uid(), null, 'no claims: auth.uid() is null');

-- The API roles cannot read auth.users directly.
select tests.authenticate_as_anon();
select throws_ok('select count(*) from auth.users', '42501', null, 'anon cannot read auth.users');

select * from finish();
rollback;
