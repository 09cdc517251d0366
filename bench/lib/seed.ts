// The one SQL generator of the benchmark: synthetic users, events, enrollments, planning slots,
// votes and tasks, in deterministic id ranges so a data set grows in steps (10k → 100k → 1M)
// without touching the rows already there. Runs as the database owner.

/** Seed users: 1..100 facilitators (organizers), 101..2000 seekers (attendees, members). */
export const seedFacilitators = 100;
export const seedUsers = 2000;

const uuid = (prefix: string, n: string) => `('00000000-0000-4000-${prefix}-' || lpad(to_hex(${n}), 12, '0'))::uuid`;
export const userId = (n: string) => uuid("a000", n);
export const eventId = (n: string) => uuid("b000", n);
const slotId = (n: string) => uuid("c000", n);

const topics = [
  "pottery",
  "yoga",
  "chess",
  "salsa",
  "photography",
  "baking",
  "climbing",
  "poetry",
  "robotics",
  "gardening",
  "jazz",
  "painting",
  "running",
  "meditation",
  "coding",
  "knitting",
  "cycling",
  "theatre",
  "astronomy",
  "birdwatching",
  "cooking",
  "dance",
  "film",
  "history",
  "languages",
  "music",
  "philosophy",
  "science",
  "sailing",
  "swimming",
  "tennis",
  "writing",
  "woodwork",
  "design",
  "startups",
  "wine",
  "tea",
  "boardgames",
  "hiking",
  "comedy",
];
const formats = ["workshop", "meetup", "class", "talk", "festival", "walk", "retreat", "session", "jam", "circle"];
const adjectives = ["sunny", "late", "open", "friendly", "advanced", "beginner", "evening", "weekend", "quiet", "lively"];
const cities = [
  "Berlin",
  "Paris",
  "Lisbon",
  "Madrid",
  "Rome",
  "Vienna",
  "Prague",
  "Warsaw",
  "Amsterdam",
  "Brussels",
  "Dublin",
  "London",
  "Oslo",
  "Stockholm",
  "Helsinki",
  "Copenhagen",
  "Zurich",
  "Munich",
  "Hamburg",
  "Lyon",
  "Porto",
  "Seville",
  "Milan",
  "Naples",
  "Krakow",
  "Budapest",
  "Athens",
  "Istanbul",
  "Montreal",
  "Toronto",
];
const languages = ["en", "en", "en", "de", "fr", "es", "it", "pt", "nl"];
const timezones = ["Europe/Berlin", "Europe/Paris", "Europe/Lisbon", "Europe/London", "America/Toronto", "UTC"];

const arr = (values: string[]) => `array[${values.map((v) => `'${v}'`).join(", ")}]`;
/** The k-th deterministic pseudo-random pick for row n from a list. */
const pick = (values: string[], k: number) => `(${arr(values)})[1 + abs(hashint4(n * 31 + ${k})) % ${values.length}]`;

/** Users for organizers and attendees (once per database; the auth trigger makes the profiles). */
export function seedUsersSql(): string {
  return `
insert into auth.users (id, instance_id, aud, role, email, encrypted_password, email_confirmed_at,
                        confirmation_token, recovery_token, email_change_token_new, email_change,
                        raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
select ${userId("n")}, '00000000-0000-0000-0000-000000000000', 'authenticated', 'authenticated',
       'bench-' || n || '@bench.gatherhub.dev', '', now(), '', '', '', '', '{"provider": "email"}',
       jsonb_build_object('role', case when n <= ${seedFacilitators} then 'facilitator' else 'seeker' end, 'display_name', 'Bench user ' || n),
       now(), now()
  from generate_series(1, ${seedUsers}) n
on conflict (id) do nothing;`;
}

/**
 * Events numbered (from, to], each with 0-3 enrollments; every 20th event is a planning draft
 * with three members, three time slots, their votes and two tasks. Per-row triggers are skipped
 * (replica mode) and their work written out: slug, organizer membership, counts.
 */
export function seedEventsSql(from: number, to: number): string {
  const attendee = (k: string) => `(${seedFacilitators + 1} + abs(hashint4(n * 7 + ${k})) % ${seedUsers - seedFacilitators})`;
  return `
begin;
set local session_replication_role = replica;
set local synchronous_commit = off;

create temporary table bench_new_events on commit drop as
select n,
       ${eventId("n")} as id,
       1 + n % ${seedFacilitators} as organizer,
       case when n % 20 = 0 then 'draft' when n % 50 = 1 then 'cancelled' else 'published' end::public.event_status as status,
       now() - interval '365 days' + make_interval(hours => abs(hashint4(n)) % (3 * 365 * 24)) as starts_at,
       case when n % 5 = 0 then null else 10 + abs(hashint4(n * 3)) % 190 end as capacity,
       case when n % 20 = 0 or n % 50 = 1 then 0 else n % 4 end as enrolled
  from generate_series(${from + 1}, ${to}) n;

insert into public.events (id, slug, organizer_id, title, description, language, location, starts_at, ends_at, timezone,
                           capacity, tags, status, enrolled_count, created_at, updated_at)
select id, 'bench-event-' || n, ${userId("organizer")},
       initcap(${pick(adjectives, 1)} || ' ' || ${pick(topics, 2)} || ' ' || ${pick(formats, 3)}),
       'A ' || ${pick(adjectives, 4)} || ' ' || ${pick(formats, 5)} || ' about ' || ${pick(topics, 6)} || ' and ' || ${pick(topics, 7)}
         || ' for people in ' || ${pick(cities, 8)} || '. Bring a friend.',
       ${pick(languages, 9)}, ${pick(cities, 10)} || ', ' || (1 + n % 200) || ' Main Street',
       starts_at, starts_at + interval '2 hours', ${pick(timezones, 11)},
       capacity, array[${pick(topics, 12)}, ${pick(formats, 13)}], status, enrolled,
       starts_at - interval '30 days', starts_at - interval '30 days'
  from bench_new_events;

insert into public.event_members (event_id, user_id, role)
select id, ${userId("organizer")}, 'organizer' from bench_new_events;

insert into public.enrollments (event_id, user_id, status, enrolled_at)
select e.id, ${userId(attendee("k"))}, 'enrolled', e.starts_at - interval '7 days'
  from bench_new_events e, generate_series(1, 3) k
 where k <= e.enrolled
on conflict (event_id, user_id) do nothing;
-- Two picks may collide: counts follow the rows actually written.
update public.events ev set enrolled_count = c.enrolled
  from (select en.event_id, count(*)::integer as enrolled from public.enrollments en
          join bench_new_events e on e.id = en.event_id group by en.event_id) c
 where ev.id = c.event_id and ev.enrolled_count <> c.enrolled;

insert into public.event_members (event_id, user_id, role)
select e.id, ${userId(attendee("100 + k"))}, 'member'
  from bench_new_events e, generate_series(1, 3) k
 where e.status = 'draft'
on conflict do nothing;

insert into public.time_slots (id, event_id, starts_at, ends_at)
select ${slotId("e.n * 4 + s")}, e.id, e.starts_at + make_interval(days => s), e.starts_at + make_interval(days => s, hours => 2)
  from bench_new_events e, generate_series(1, 3) s
 where e.status = 'draft';

insert into public.slot_votes (slot_id, user_id, event_id, answer)
select ${slotId("e.n * 4 + s")}, m.user_id, e.id, case when (e.n + s) % 3 = 0 then 'if_need_be' else 'yes' end::public.slot_answer
  from bench_new_events e
  join public.event_members m on m.event_id = e.id and m.role = 'member'
  cross join generate_series(1, 3) s
 where e.status = 'draft';

insert into public.tasks (event_id, title, status, assignee_id, due_at, position)
select e.id, 'Task ' || t || ' of event ' || e.n, (array['todo', 'doing', 'done'])[1 + (e.n + t) % 3]::public.task_status,
       m.user_id, e.starts_at - interval '1 day', t
  from bench_new_events e
  cross join generate_series(1, 2) t
  join lateral (select user_id from public.event_members where event_id = e.id and role = 'member' order by user_id limit 1) m on true
 where e.status = 'draft';
commit;
analyze public.events, public.event_members, public.enrollments, public.time_slots, public.slot_votes, public.tasks;`;
}
