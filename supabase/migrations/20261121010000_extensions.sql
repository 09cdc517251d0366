-- Extensions the domain needs, in the `extensions` schema as on Supabase: trigram search for
-- partial location matches and btree_gist for exclusion constraints.
create extension if not exists pg_trgm with schema extensions;
create extension if not exists btree_gist with schema extensions;
