// Realtime for planning: the SDK builds the right channels on both paths (no Realtime server runs
// locally, so delivery itself is not tested), and a vote reaches logical replication through the
// supabase_realtime publication.
import { afterAll, describe, expect, it } from "vitest";
import { closeDb, createUser, db, sdkFor } from "./helpers/stack.ts";

afterAll(closeDb);

const eventId = "6f1c2f9e-3a41-4e7b-9d55-0c1b2a3d4e5f";

describe("realtime helpers", () => {
  it("builds a postgres_changes channel filtered to the event for each handled table", () => {
    const sdk = sdkFor();
    const channel = sdk.realtime.changesChannel(eventId, { onSlotVote: () => {}, onPollVote: () => {}, onTask: () => {} });
    expect(channel.topic).toBe(`realtime:event:${eventId}:changes`);
    expect(channel.params.config.private).toBeFalsy();
    expect(channel.bindings.postgres_changes?.map((b) => b.filter)).toEqual(
      ["slot_votes", "poll_votes", "tasks"].map((table) => ({ event: "*", schema: "public", table, filter: `event_id=eq.${eventId}` })),
    );
  });

  it("binds only the tables that have a handler", () => {
    const channel = sdkFor().realtime.changesChannel(eventId, { onTask: () => {} });
    expect(channel.bindings.postgres_changes?.map((b) => b.filter.table)).toEqual(["tasks"]);
  });

  it("builds the private broadcast channel event:<id>", () => {
    const channel = sdkFor().realtime.broadcastChannel(eventId, { onSlotVote: () => {} });
    expect(channel.topic).toBe(`realtime:event:${eventId}`);
    expect(channel.params.config.private).toBe(true);
    expect(channel.bindings.broadcast?.map((b) => b.filter)).toEqual([{ event: "*" }]);
  });

  it("returns an unsubscribe function that removes the channel", async () => {
    const sdk = sdkFor();
    const unsubscribe = sdk.realtime.subscribeToBroadcast(eventId, { onTask: () => {} });
    expect(sdk.supabase.getChannels().map((c) => c.topic)).toEqual([`realtime:event:${eventId}`]);
    await unsubscribe();
    expect(sdk.supabase.getChannels()).toEqual([]);
  });
});

describe("publication", () => {
  it("emits a change for slot_votes when a member votes", async () => {
    const organizer = await createUser("facilitator");
    const org = sdkFor(organizer);
    const [event] = await db<{ id: string }>(
      "insert into public.events (title, organizer_id) values ('Replication check', $1) returning id",
      [organizer.id],
    );
    const slot = await org.planning.proposeSlot({ event_id: event!.id, starts_at: "2031-08-01T10:00:00Z" });
    const slotName = `planning_test_${Date.now()}`;
    await db("select pg_create_logical_replication_slot($1, 'pgoutput')", [slotName]);
    try {
      expect((await org.planning.vote(slot.data!.id, "yes")).error).toBeNull();
      // The test cluster commits asynchronously and decoding reads only flushed WAL: poll briefly.
      let changes: { data: Buffer }[] = [];
      for (let attempt = 0; attempt < 50 && changes.length === 0; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 100));
        changes = await db<{ data: Buffer }>(
          "select data from pg_logical_slot_peek_binary_changes($1, null, null, 'proto_version', '1', 'publication_names', 'supabase_realtime')",
          [slotName],
        );
      }
      // pgoutput: 'R' describes the relation (namespace and name as C strings), 'I' is an insert.
      const relations = changes
        .filter((c) => c.data[0] === 0x52)
        .map((c) => c.data.subarray(5).toString("latin1").split("\0").slice(0, 2).join("."));
      expect(relations).toContain("public.slot_votes");
      expect(changes.some((c) => c.data[0] === 0x49)).toBe(true);
    } finally {
      await db("select pg_drop_replication_slot($1)", [slotName]);
    }
    const [left] = await db<{ n: number }>("select count(*)::int as n from pg_replication_slots where slot_name = $1", [slotName]);
    expect(left?.n).toBe(0);
  });
});
