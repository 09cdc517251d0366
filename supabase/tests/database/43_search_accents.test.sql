-- Search ignores accents and case, in free text and in the location filter, both ways round
-- (05_search_plans proves the folded expressions still use their indexes on 100k events).
begin;
\ir _helpers.psql
select plan(7);

select tests.create_user('fac@test.dev', 'facilitator');
select tests.authenticate_as('fac@test.dev');
insert into events (title, description, location, starts_at, tags, status) values
  ('Café crème tasting', 'A naïve approach to coffee', 'Zürich, Bahnhofstrasse', now() + interval '3 days', '{accents-test}', 'published'),
  ('Cafe society', 'No accents here', 'Zurich harbour', now() + interval '4 days', '{accents-test}', 'published'),
  ('Ångström lecture', 'Physics for everyone', 'Malmö', now() + interval '5 days', '{accents-test}', 'published');

select tests.authenticate_as_anon();
select results_eq($$ select title from search_events(q => 'cafe', with_tags => '{accents-test}', order_by => 'title') $$,
  $$ values ('Cafe society'), ('Café crème tasting') $$, '"cafe" finds "Café" and "Cafe"');
select results_eq($$ select title from search_events(q => 'CAFÉ', with_tags => '{accents-test}', order_by => 'title') $$,
  $$ values ('Cafe society'), ('Café crème tasting') $$, '"CAFÉ" finds both too');
select results_eq($$ select title from search_events(q => 'naive', with_tags => '{accents-test}') $$,
  $$ values ('Café crème tasting') $$, '"naive" finds "naïve" in the description');
select results_eq($$ select title from search_events(q => 'angstrom', with_tags => '{accents-test}') $$,
  $$ values ('Ångström lecture') $$, '"angstrom" finds "Ångström"');
select results_eq($$ select title from search_events(location_contains => 'zurich', with_tags => '{accents-test}', order_by => 'title') $$,
  $$ values ('Cafe society'), ('Café crème tasting') $$, 'location "zurich" finds "Zürich" and "Zurich"');
select results_eq($$ select title from search_events(location_contains => 'MALMO', with_tags => '{accents-test}') $$,
  $$ values ('Ångström lecture') $$, 'location "MALMO" finds "Malmö"');
select is(private.fold('Ça Été ÑANDÚ'), 'ca ete nandu', 'fold lowers and strips accents');

select * from finish();
rollback;
