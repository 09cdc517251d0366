// Email preferences: which non-transactional emails (reminders, follow-ups, waitlist news, event
// changes) the signed-in user gets. Confirmations, cancellations, refunds and auth emails always go out.
import { type NotificationPreferencesUpdate, notificationPreferencesUpdate } from "@gatherhub/contract";
import { fail, fromPostgrest, GatherHubError, invalidInput, ok, type Result } from "./errors.ts";
import type { Context, Database } from "./types.ts";

export type NotificationPreferences = Database["public"]["Tables"]["notification_preferences"]["Row"];

export function notificationsApi(ctx: Context) {
  return {
    /** The caller's email preferences (RLS: only their own row is visible). */
    async preferences(): Promise<Result<NotificationPreferences>> {
      const id = await ctx.currentUserId();
      if (!id) return fail(new GatherHubError("unauthorized", "Sign in first.", 401));
      const { data, error, status } = await ctx.supabase.from("notification_preferences").select("*").eq("user_id", id).single();
      return error ? fail(fromPostgrest(error, status)) : ok(data);
    },

    /** Turns categories on or off, e.g. `{ reminders: false }`; honoured for emails already queued. */
    async updatePreferences(patch: NotificationPreferencesUpdate): Promise<Result<NotificationPreferences>> {
      const parsed = notificationPreferencesUpdate.safeParse(patch);
      if (!parsed.success) return invalidInput("The preferences update is invalid.", parsed.error);
      const id = await ctx.currentUserId();
      if (!id) return fail(new GatherHubError("unauthorized", "Sign in first.", 401));
      const { data, error, status } = await ctx.supabase
        .from("notification_preferences")
        .update(parsed.data)
        .eq("user_id", id)
        .select("*")
        .single();
      return error ? fail(fromPostgrest(error, status)) : ok(data);
    },
  };
}
