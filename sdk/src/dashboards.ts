// Dashboards computed in SQL (security invoker: RLS scopes them to the caller).
import { fail, fromPostgrest, ok, type Result } from "./errors.ts";
import type { Context, Database } from "./index.ts";

type Fns = Database["public"]["Functions"];
export type UserBookingRow = Fns["dashboard_user_bookings"]["Returns"][number];
export type CreatorSessionRow = Fns["dashboard_creator_sessions"]["Returns"][number];
export type CreatorRevenueRow = Fns["dashboard_creator_revenue"]["Returns"][number];

export function dashboardsApi(ctx: Context) {
  return {
    /** The caller's bookings, split into upcoming and past sessions. */
    async user(): Promise<Result<{ upcoming: UserBookingRow[]; past: UserBookingRow[] }>> {
      const { data, error, status } = await ctx.supabase.rpc("dashboard_user_bookings");
      if (error) return fail(fromPostgrest(error, status));
      return ok({ upcoming: data.filter((r) => r.upcoming), past: data.filter((r) => !r.upcoming) });
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
  };
}
