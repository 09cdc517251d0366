-- Avatars and session images: object names with `..`, empty segments or backslashes are refused, so
-- `<me>/../<victim>/avatar.png` no longer passes the own-folder check. Policies recreated as a whole.

-- A plain relative object name: segments separated by single slashes, none empty, no `..`, no
-- backslash or control character. Immutable: used by policies and by a check constraint.
create function private.is_plain_object_name(object_name text) returns boolean
language sql immutable set search_path = '' as $$
  select object_name is not null
     and object_name ~ '^[^/\\[:cntrl:]]+(/[^/\\[:cntrl:]]+)*$'
     and position('..' in object_name) = 0
$$;
comment on function private.is_plain_object_name(text) is 'True for a/b/c.png-style names: no empty segment, no "..", no backslash or control characters.';
revoke execute on function private.is_plain_object_name(text) from public;
grant execute on function private.is_plain_object_name(text) to anon, authenticated, service_role;

drop policy if exists avatars_insert_in_own_folder on storage.objects;
create policy avatars_insert_in_own_folder on storage.objects
  for insert to authenticated
  with check (
    bucket_id = 'avatars'
    and private.is_plain_object_name(name)
    and (storage.foldername(name))[1] = (select auth.uid())::text
    and lower(storage.extension(name)) in ('png', 'jpg', 'jpeg', 'webp')
  );

drop policy if exists avatars_update_in_own_folder on storage.objects;
create policy avatars_update_in_own_folder on storage.objects
  for update to authenticated
  using (bucket_id = 'avatars' and (storage.foldername(name))[1] = (select auth.uid())::text)
  with check (
    bucket_id = 'avatars'
    and private.is_plain_object_name(name)
    and (storage.foldername(name))[1] = (select auth.uid())::text
    and lower(storage.extension(name)) in ('png', 'jpg', 'jpeg', 'webp')
  );

drop policy if exists session_images_insert_by_creator_in_own_folder on storage.objects;
create policy session_images_insert_by_creator_in_own_folder on storage.objects
  for insert to authenticated
  with check (
    bucket_id = 'session-images'
    and private.is_plain_object_name(name)
    and (storage.foldername(name))[1] = (select auth.uid())::text
    and (select private.jwt_role()) = 'creator'
    and lower(storage.extension(name)) in ('png', 'jpg', 'jpeg', 'webp')
  );

drop policy if exists session_images_update_by_owner on storage.objects;
create policy session_images_update_by_owner on storage.objects
  for update to authenticated
  using (bucket_id = 'session-images' and (storage.foldername(name))[1] = (select auth.uid())::text)
  with check (
    bucket_id = 'session-images'
    and private.is_plain_object_name(name)
    and (storage.foldername(name))[1] = (select auth.uid())::text
    and lower(storage.extension(name)) in ('png', 'jpg', 'jpeg', 'webp')
  );
