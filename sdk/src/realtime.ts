// Live planning updates for one event, on either Realtime path:
// - postgres changes: a channel with one filtered binding per table (RLS decides who receives);
// - broadcast: the private `event:<id>` topic that database triggers write to and that only
//   members may join (realtime.messages policy). This is the path that scales.
// Each subscribe helper returns an unsubscribe function.
import type { RealtimeChannel } from "@supabase/supabase-js";
import type { Context, Tables } from "./types.ts";

export type PlanningTable = "slot_votes" | "poll_votes" | "tasks";
export type PlanningOperation = "INSERT" | "UPDATE" | "DELETE";

export interface PlanningChange<T> {
  table: PlanningTable;
  operation: PlanningOperation;
  /** The row after the change (null on delete). */
  record: T | null;
  /** The row before the change (null on insert); full rows thanks to replica identity full. */
  oldRecord: T | null;
}

export interface PlanningHandlers {
  onSlotVote?: (change: PlanningChange<Tables<"slot_votes">>) => void;
  onPollVote?: (change: PlanningChange<Tables<"poll_votes">>) => void;
  onTask?: (change: PlanningChange<Tables<"tasks">>) => void;
}

export type Unsubscribe = () => Promise<void>;

const handlerOf = {
  slot_votes: "onSlotVote",
  poll_votes: "onPollVote",
  tasks: "onTask",
} as const satisfies Record<PlanningTable, keyof PlanningHandlers>;

/** The private broadcast topic of an event. */
export const eventTopic = (eventId: string) => `event:${eventId}`;

type AnyRow = Record<string, unknown>;
const dispatch = (handlers: PlanningHandlers, change: PlanningChange<AnyRow>) => {
  const handler = handlers[handlerOf[change.table]] as ((c: PlanningChange<AnyRow>) => void) | undefined;
  handler?.(change);
};
const rowOrNull = (row: unknown): AnyRow | null => (row && typeof row === "object" && Object.keys(row).length > 0 ? (row as AnyRow) : null);

export function realtimeApi(ctx: Context) {
  const client = ctx.supabase;

  /** A channel (not yet subscribed) with a postgres_changes binding per handled table, filtered to the event. */
  function changesChannel(eventId: string, handlers: PlanningHandlers): RealtimeChannel {
    let channel = client.channel(`${eventTopic(eventId)}:changes`);
    for (const table of Object.keys(handlerOf) as PlanningTable[]) {
      if (!handlers[handlerOf[table]]) continue;
      channel = channel.on("postgres_changes", { event: "*", schema: "public", table, filter: `event_id=eq.${eventId}` }, (payload) =>
        dispatch(handlers, {
          table,
          operation: payload.eventType,
          record: rowOrNull(payload.new),
          oldRecord: rowOrNull(payload.old),
        }),
      );
    }
    return channel;
  }

  /** The event's private broadcast channel (not yet subscribed); messages carry the trigger's payload. */
  function broadcastChannel(eventId: string, handlers: PlanningHandlers): RealtimeChannel {
    return client.channel(eventTopic(eventId), { config: { private: true } }).on("broadcast", { event: "*" }, (message) => {
      const payload = (message.payload ?? {}) as { table?: string; operation?: string; record?: unknown; old_record?: unknown };
      if (!payload.table || !(payload.table in handlerOf)) return;
      dispatch(handlers, {
        table: payload.table as PlanningTable,
        operation: payload.operation as PlanningOperation,
        record: rowOrNull(payload.record),
        oldRecord: rowOrNull(payload.old_record),
      });
    });
  }

  const subscribe = (channel: RealtimeChannel): Unsubscribe => {
    channel.subscribe();
    return async () => {
      await client.removeChannel(channel);
    };
  };

  return {
    changesChannel,
    broadcastChannel,
    /** Votes and task changes of the event via postgres changes. */
    subscribeToChanges: (eventId: string, handlers: PlanningHandlers): Unsubscribe => subscribe(changesChannel(eventId, handlers)),
    /** Votes and task changes of the event via its private broadcast topic (members only). */
    subscribeToBroadcast: (eventId: string, handlers: PlanningHandlers): Unsubscribe => subscribe(broadcastChannel(eventId, handlers)),
  };
}
