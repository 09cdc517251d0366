-- Storage for session images: a public bucket (png/jpeg/webp, 5 MiB) where a creator writes only
-- under their own user id folder; anyone reads.

insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values ('session-images', 'session-images', true, 5242880, array['image/png', 'image/jpeg', 'image/webp'])
on conflict (id) do update
set public = excluded.public, file_size_limit = excluded.file_size_limit, allowed_mime_types = excluded.allowed_mime_types;

create policy session_images_select_by_anon on storage.objects
  for select to anon using (bucket_id = 'session-images');

create policy session_images_select_by_signed_in on storage.objects
  for select to authenticated using (bucket_id = 'session-images');

create policy session_images_insert_by_creator_in_own_folder on storage.objects
  for insert to authenticated
  with check (
    bucket_id = 'session-images'
    and (storage.foldername(name))[1] = (select auth.uid())::text
    and (select private.jwt_role()) = 'creator'
    and lower(storage.extension(name)) in ('png', 'jpg', 'jpeg', 'webp')
  );

create policy session_images_update_by_owner on storage.objects
  for update to authenticated
  using (bucket_id = 'session-images' and (storage.foldername(name))[1] = (select auth.uid())::text)
  with check (
    bucket_id = 'session-images'
    and (storage.foldername(name))[1] = (select auth.uid())::text
    and lower(storage.extension(name)) in ('png', 'jpg', 'jpeg', 'webp')
  );

create policy session_images_delete_by_owner on storage.objects
  for delete to authenticated
  using (bucket_id = 'session-images' and (storage.foldername(name))[1] = (select auth.uid())::text);
