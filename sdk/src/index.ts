// @gatherhub/sdk: a typed client for the GatherHub backend on top of supabase-js.
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { authApi } from "./auth.ts";
import { bookingsApi } from "./bookings.ts";
import { dashboardsApi } from "./dashboards.ts";
import type { Database } from "./database.types.ts";
import { enrollmentsApi } from "./enrollments.ts";
import { fail, fromResponse, GatherHubError, ok, type Result } from "./errors.ts";
import { eventsApi } from "./events.ts";
import { planningApi } from "./planning.ts";
import { profilesApi } from "./profiles.ts";
import { realtimeApi } from "./realtime.ts";
import { seriesApi } from "./series.ts";
import { sessionsApi } from "./sessions.ts";
import { tasksApi } from "./tasks.ts";
import { ticketsApi } from "./tickets.ts";

export type {
  EventInput,
  EventPatch,
  EventSearch,
  ProfileUpdate,
  SeriesCreate,
  SeriesUpdate,
} from "../../supabase/functions/_shared/schemas.ts";
export type { SessionInfo, SignUpInput } from "./auth.ts";
export type { Booking, BookingStatus, PaymentDetails } from "./bookings.ts";
export type { AttendanceRow, CreatorRevenueRow, CreatorSessionRow, PastEnrollment, UserBookingRow } from "./dashboards.ts";
export type { Database } from "./database.types.ts";
export type { CancelOutcome, EnrollmentStatus, EnrollOutcome, MyEnrollment } from "./enrollments.ts";
export * from "./errors.ts";
export type { Attendee, Event, EventMemberRole, EventSearchResult, MyEvent } from "./events.ts";
export type { EventSeries } from "./series.ts";
export type { Session, SessionCreate, SessionImage, SessionUpdate } from "./sessions.ts";
export type { CheckInOutcome, Ticket } from "./tickets.ts";

type PublicSchema = Database["public"];
export type Tables<T extends keyof PublicSchema["Tables"]> = PublicSchema["Tables"][T]["Row"];
export type TablesInsert<T extends keyof PublicSchema["Tables"]> = PublicSchema["Tables"][T]["Insert"];
export type TablesUpdate<T extends keyof PublicSchema["Tables"]> = PublicSchema["Tables"][T]["Update"];
export type Enums<T extends keyof PublicSchema["Enums"]> = PublicSchema["Enums"][T];
export type UserRole = Enums<"user_role">;
export type Profile = Tables<"profiles">;

export interface GatherHubOptions {
  /** The project URL, e.g. http://127.0.0.1:54321 or https://<ref>.supabase.co */
  url: string;
  /** The anon (publishable) key. Never pass the service-role key here: use @gatherhub/sdk/admin on a server. */
  anonKey: string;
  /** A user access token (or a function returning the current one) for apps that manage sessions themselves. */
  accessToken?: string | (() => Promise<string | null>);
  fetch?: typeof fetch;
  /** WebSocket implementation for realtime where the runtime has none (Node.js 20: pass `ws`). */
  webSocket?: unknown;
}

export type GatherHubClient = SupabaseClient<Database>;

export interface Context {
  supabase: GatherHubClient;
  url: string;
  anonKey: string;
  /** Calls an edge function and maps its JSON error shape to GatherHubError. */
  invoke<T>(name: string, init?: { method?: string; body?: unknown; path?: string }): Promise<Result<T>>;
  currentToken(): Promise<string | null>;
  /** The signed-in user's id (the token's sub), or null. */
  currentUserId(): Promise<string | null>;
}

export function createGatherHub(options: GatherHubOptions) {
  const { url, anonKey } = options;
  const tokenSource = options.accessToken;
  const accessToken = tokenSource === undefined ? undefined : typeof tokenSource === "string" ? async () => tokenSource : tokenSource;
  const supabase = createClient<Database>(url, anonKey, {
    ...(accessToken ? { accessToken } : {}),
    ...(options.fetch ? { global: { fetch: options.fetch } } : {}),
    // supabase-js types the transport as its own WebSocketLikeConstructor; `ws` satisfies it at runtime.
    ...(options.webSocket ? { realtime: { transport: options.webSocket as never } } : {}),
    auth: accessToken ? undefined : { persistSession: typeof window !== "undefined", autoRefreshToken: true },
  });
  const doFetch = options.fetch ?? fetch;

  const currentToken = async (): Promise<string | null> => {
    if (accessToken) return accessToken();
    const { data } = await supabase.auth.getSession();
    return data.session?.access_token ?? null;
  };

  const currentUserId = async (): Promise<string | null> => {
    const token = await currentToken();
    if (!token) return null;
    try {
      const payload = JSON.parse(atob((token.split(".")[1] ?? "").replace(/-/g, "+").replace(/_/g, "/"))) as {
        sub?: string;
        role?: string;
      };
      return payload.role === "authenticated" ? (payload.sub ?? null) : null;
    } catch {
      return null;
    }
  };

  const context: Context = {
    supabase,
    url,
    anonKey,
    currentToken,
    currentUserId,
    async invoke<T>(name: string, init: { method?: string; body?: unknown; path?: string } = {}): Promise<Result<T>> {
      const token = (await currentToken()) ?? anonKey;
      let response: Response;
      try {
        response = await doFetch(`${url}/functions/v1/${name}${init.path ?? ""}`, {
          method: init.method ?? (init.body === undefined ? "GET" : "POST"),
          headers: { apikey: anonKey, authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: init.body === undefined ? undefined : JSON.stringify(init.body),
        });
      } catch (err) {
        return fail(new GatherHubError("network_error", (err as Error).message));
      }
      if (!response.ok) return fail(await fromResponse(response));
      return ok((await response.json()) as T);
    },
  };

  return {
    supabase,
    auth: authApi(context),
    profiles: profilesApi(context),
    events: eventsApi(context),
    enrollments: enrollmentsApi(context),
    sessions: sessionsApi(context),
    bookings: bookingsApi(context),
    dashboards: dashboardsApi(context),
    planning: planningApi(context),
    tasks: tasksApi(context),
    tickets: ticketsApi(context),
    series: seriesApi(context),
    realtime: realtimeApi(context),
    health: () =>
      context.invoke<{
        status: "ok" | "degraded";
        version: string;
        database: { reachable: boolean; latency_ms: number | null };
        migration: string | null;
        outbox: { due: number; dead: number; oldest_due_seconds: number } | null;
      }>("health"),
  };
}

export type GatherHub = ReturnType<typeof createGatherHub>;
