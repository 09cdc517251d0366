-- Foundation: the `private` schema for helpers PostgREST never exposes, and deny-by-default
-- privileges so every table and function is granted to API roles explicitly, in its own migration.

create schema if not exists private;
revoke all on schema private from public, anon, authenticated;
grant usage on schema private to service_role;

-- Supabase grants everything in public to the API roles by default; we revoke that so a new table
-- or function is unreachable until its migration grants exactly what it needs.
alter default privileges for role postgres in schema public revoke all on tables from anon, authenticated;
alter default privileges for role postgres in schema public revoke all on sequences from anon, authenticated;
alter default privileges for role postgres in schema public revoke execute on functions from anon, authenticated;
-- EXECUTE for PUBLIC is a global default: only a global revoke removes it (per-schema cannot).
alter default privileges for role postgres revoke execute on functions from public;
