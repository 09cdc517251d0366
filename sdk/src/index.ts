// @gatherhub/sdk: a typed client for the GatherHub backend on top of supabase-js.

import type { Database } from "@gatherhub/contract";
import { createClient } from "@supabase/supabase-js";
import { authApi } from "./auth.ts";
import { bookingsApi } from "./bookings.ts";
import { dashboardsApi } from "./dashboards.ts";
import { enrollmentsApi } from "./enrollments.ts";
import { fail, fromResponse, GatherHubError, ok, type Result } from "./errors.ts";
import { eventsApi } from "./events.ts";
import { notificationsApi } from "./notifications.ts";
import { planningApi } from "./planning.ts";
import { profilesApi } from "./profiles.ts";
import { realtimeApi } from "./realtime.ts";
import { seriesApi } from "./series.ts";
import { sessionsApi } from "./sessions.ts";
import { storageApi } from "./storage.ts";
import { tasksApi } from "./tasks.ts";
import { ticketsApi } from "./tickets.ts";
import type { Context, GatherHubOptions } from "./types.ts";

export type {
  EmailCategory,
  EventInput,
  EventPatch,
  EventSearch,
  NotificationPreferencesUpdate,
  ProfileUpdate,
  SeriesCreate,
  SeriesUpdate,
} from "@gatherhub/contract";
export type { SessionInfo, SignUpInput } from "./auth.ts";
export type { Booking, BookingStatus, PaymentDetails } from "./bookings.ts";
export type { AttendanceRow, CreatorRevenueRow, CreatorSessionRow, PastEnrollment, UserBookingRow } from "./dashboards.ts";
export type { CancelOutcome, EnrollmentStatus, EnrollOutcome, MyEnrollment } from "./enrollments.ts";
export * from "./errors.ts";
export type { Attendee, Event, EventMemberRole, EventSearchResult, MyEvent } from "./events.ts";
export type { NotificationPreferences } from "./notifications.ts";
export type { EventSeries } from "./series.ts";
export type { Session, SessionCreate, SessionImage, SessionPage, SessionUpdate } from "./sessions.ts";
export type { CheckInOutcome, Ticket } from "./tickets.ts";
export type * from "./types.ts";

/** Resolves the runtime's WebSocket at connect time, with a clear message where there is none. */
class LazyWebSocket {
  constructor(url: string, protocols?: string | string[]) {
    const Native = (globalThis as { WebSocket?: new (url: string, protocols?: string | string[]) => object }).WebSocket;
    if (!Native) {
      throw new Error(
        'Realtime needs a WebSocket and this runtime has none (Node.js < 22): pass one, e.g. `import WebSocket from "ws"` and createGatherHub({ ..., webSocket: WebSocket }).',
      );
    }
    // A constructor may return another object: the caller gets the runtime's own socket.
    // biome-ignore lint/correctness/noConstructorReturn: deliberate delegation to the native WebSocket.
    return new Native(url, protocols) as LazyWebSocket;
  }
}

export function createGatherHub(options: GatherHubOptions) {
  const { url, anonKey } = options;
  const tokenSource = options.accessToken;
  const accessToken = tokenSource === undefined ? undefined : typeof tokenSource === "string" ? async () => tokenSource : tokenSource;
  const supabase = createClient<Database>(url, anonKey, {
    ...(accessToken ? { accessToken } : {}),
    ...(options.fetch ? { global: { fetch: options.fetch } } : {}),
    // supabase-js types the transport as its own WebSocketLikeConstructor; `ws` satisfies it at runtime.
    // Without one, realtime gets a transport that looks for a WebSocket only when it connects, so
    // runtimes without one (Node.js 20) can use everything else.
    realtime: { transport: (options.webSocket ?? LazyWebSocket) as never },
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
    notifications: notificationsApi(context),
    planning: planningApi(context),
    tasks: tasksApi(context),
    tickets: ticketsApi(context),
    series: seriesApi(context),
    realtime: realtimeApi(context),
    storage: storageApi(context),
    /** Up or down for anyone; the details only for the service role (server-side monitoring). */
    health: () =>
      context.invoke<{
        status: "ok" | "degraded";
        version?: string;
        database?: { reachable: boolean; latency_ms: number | null };
        migration?: string | null;
        outbox?: { due: number; dead: number; oldest_due_seconds: number } | null;
      }>("health"),
  };
}

export type GatherHub = ReturnType<typeof createGatherHub>;
