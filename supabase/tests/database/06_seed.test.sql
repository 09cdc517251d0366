-- The seed gives every role and flow something to show: the demo and manual testing rely on it.
begin;
\ir _helpers.psql
select plan(7);

select ok((select count(*) >= 2 from profiles where role = 'facilitator'), 'seed has facilitators');
select ok((select count(*) >= 3 from profiles where role = 'seeker'), 'seed has seekers');
select ok((select count(*) = 1 from profiles where role = 'admin' and id = '10000000-0000-4000-8000-000000000099'), 'seed has one admin');
select ok((select count(distinct language) >= 3 and count(distinct timezone) >= 3 from events), 'events in several languages and timezones');
select ok(exists (select 1 from events where starts_at < now()) and exists (select 1 from events where starts_at > now()), 'past and upcoming events');
select ok(exists (select 1 from events where capacity = enrolled_count and waitlisted_count > 0), 'one full event with a waitlist');
select ok(exists (select 1 from events where status = 'draft') and exists (select 1 from events where status = 'cancelled'), 'a draft and a cancelled event');

select * from finish();
rollback;
