// Dashboards computed in SQL (security invoker: RLS scopes them to the caller).

import type { MyEnrollment } from "./enrollments.ts";
import { fail, fromPostgrest, ok, type Result } from "./errors.ts";
import type { MyEvent } from "./events.ts";
import type { NotificationPreferences } from "./notifications.ts";
import type { Context, Database, Profile } from "./types.ts";

type Fns = Database["public"]["Functions"];
export type UserBookingRow = Fns["dashboard_user_bookings"]["Returns"][number];
export type CreatorSessionRow = Fns["dashboard_creator_sessions"]["Returns"][number];
export type CreatorRevenueRow = Fns["dashboard_creator_revenue"]["Returns"][number];
export type AttendanceRow = Fns["dashboard_attendance"]["Returns"][number];
/** A past enrollment says whether its ticket was checked in. */
export type PastEnrollment = MyEnrollment & { attended: boolean };

export function dashboardsApi(ctx: Context) {
  return {
    /** The caller's profile, email preferences, bookings and enrollments (upcoming and past). */
    async user(): Promise<
      Result<{
        profile: Profile | null;
        upcoming: UserBookingRow[];
        past: UserBookingRow[];
        enrollments: { upcoming: MyEnrollment[]; past: PastEnrollment[] };
        emailPreferences: NotificationPreferences | null;
      }>
    > {
      const id = await ctx.currentUserId();
      const noUser = "00000000-0000-0000-0000-000000000000";
      const [bookings, enrollments, profile, preferences, tickets] = await Promise.all([
        ctx.supabase.rpc("dashboard_user_bookings"),
        ctx.supabase.from("my_enrollments").select("*").neq("status", "cancelled").order("starts_at"),
        ctx.supabase
          .from("profiles")
          .select("*")
          .eq("id", id ?? noUser)
          .maybeSingle(),
        ctx.supabase
          .from("notification_preferences")
          .select("*")
          .eq("user_id", id ?? noUser)
          .maybeSingle(),
        ctx.supabase.from("tickets").select("enrollment_id, checked_in_at").not("enrollment_id", "is", null),
      ]);
      if (bookings.error) return fail(fromPostgrest(bookings.error, bookings.status));
      if (enrollments.error) return fail(fromPostgrest(enrollments.error, enrollments.status));
      if (profile.error) return fail(fromPostgrest(profile.error, profile.status));
      if (preferences.error) return fail(fromPostgrest(preferences.error, preferences.status));
      if (tickets.error) return fail(fromPostgrest(tickets.error, tickets.status));
      const attended = new Set((tickets.data ?? []).filter((t) => t.checked_in_at !== null).map((t) => t.enrollment_id));
      const rows = enrollments.data ?? [];
      return ok({
        profile: profile.data,
        upcoming: bookings.data.filter((r) => r.upcoming),
        past: bookings.data.filter((r) => !r.upcoming),
        enrollments: {
          upcoming: rows.filter((e) => e.timeframe === "upcoming"),
          past: rows.filter((e) => e.timeframe === "past").map((e) => ({ ...e, attended: attended.has(e.id) })),
        },
        emailPreferences: preferences.data,
      });
    },

    /** The calling facilitator's events with enrolled / waitlisted / available counts. */
    async facilitator(): Promise<Result<MyEvent[]>> {
      const { data, error, status } = await ctx.supabase.from("my_events").select("*").order("starts_at", { ascending: true });
      return error ? fail(fromPostgrest(error, status)) : ok(data ?? []);
    },

    /** The calling creator's sessions (with seats and revenue), the upcoming ones, and revenue per currency. */
    async creator(): Promise<Result<{ sessions: CreatorSessionRow[]; upcoming: CreatorSessionRow[]; revenue: CreatorRevenueRow[] }>> {
      const [sessions, revenue] = await Promise.all([
        ctx.supabase.rpc("dashboard_creator_sessions"),
        ctx.supabase.rpc("dashboard_creator_revenue"),
      ]);
      if (sessions.error) return fail(fromPostgrest(sessions.error, sessions.status));
      if (revenue.error) return fail(fromPostgrest(revenue.error, revenue.status));
      return ok({ sessions: sessions.data, upcoming: sessions.data.filter((s) => s.upcoming), revenue: revenue.data });
    },

    /** Check-ins of the caller's events (organizer / co-organizer) and sessions (creator): no-show rate once started. */
    async attendance(): Promise<Result<AttendanceRow[]>> {
      const { data, error, status } = await ctx.supabase.rpc("dashboard_attendance");
      return error ? fail(fromPostgrest(error, status)) : ok(data ?? []);
    },
  };
}
