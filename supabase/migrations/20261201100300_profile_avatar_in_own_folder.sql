-- profiles.avatar_path accepted any text (an outside URL: a tracking pixel in attendee lists); it is
-- now an object name in the avatars bucket under the owner's folder, as sessions.image_path is.

-- Values that break the rule were never valid avatars: clear them so the constraint can hold.
update public.profiles
   set avatar_path = null
 where avatar_path is not null
   and not (avatar_path like id::text || '/%' and private.is_plain_object_name(avatar_path));

alter table public.profiles add constraint profiles_avatar_in_own_folder
  check (avatar_path is null or (avatar_path like id::text || '/%' and private.is_plain_object_name(avatar_path)));
comment on constraint profiles_avatar_in_own_folder on public.profiles is 'avatar_path is <user id>/<file> in the avatars bucket: no URL, no "..", no empty segment.';
