// Planning through the SDK: a draft event, members added by the organizer, three slots, votes,
// tallies, the lock that schedules the event; a poll with switching votes; tasks on a board.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, createUser, db, sdkFor, type TestUser } from "./helpers/stack.ts";

afterAll(closeDb);

let organizer: TestUser;
let ann: TestUser;
let ben: TestUser;
let outsider: TestUser;
let eventId: string;

beforeAll(async () => {
  [organizer, ann, ben, outsider] = await Promise.all([createUser("facilitator", "Olga"), createUser(), createUser(), createUser()]);
  // The events namespace lives on another branch: the draft is made as its organizer would own it.
  const [event] = await db<{ id: string; status: string }>(
    "insert into public.events (title, organizer_id) values ('Neighbourhood picnic', $1) returning id, status",
    [organizer.id],
  );
  expect(event?.status).toBe("draft");
  eventId = event!.id;
  const org = sdkFor(organizer).supabase;
  // Drafts are invisible to non-members, so the organizer adds the members.
  const added = await org.from("event_members").insert([
    { event_id: eventId, user_id: ann.id, role: "member" },
    { event_id: eventId, user_id: ben.id, role: "member" },
  ]);
  expect(added.error).toBeNull();
});

describe("time slots", () => {
  it("runs the planning flow: slots, votes, tallies, lock", async () => {
    const org = sdkFor(organizer).planning;
    const starts = ["2031-07-01T10:00:00Z", "2031-07-02T10:00:00Z", "2031-07-03T10:00:00Z"];
    const slots = [];
    for (const start of starts) {
      const slot = await org.proposeSlot({ event_id: eventId, starts_at: start, ends_at: start.replace("10:00", "16:00") });
      expect(slot.error).toBeNull();
      slots.push(slot.data!);
    }
    const [first, second, third] = slots.map((s) => s.id) as [string, string, string];

    const annApi = sdkFor(ann).planning;
    const benApi = sdkFor(ben).planning;
    expect((await annApi.vote(first, "yes")).data?.event_id).toBe(eventId);
    expect((await annApi.vote(second, "if_need_be")).error).toBeNull();
    expect((await annApi.vote(second, "yes")).data?.answer).toBe("yes");
    expect((await benApi.vote(first, "yes")).error).toBeNull();
    expect((await benApi.vote(third, "if_need_be")).error).toBeNull();
    expect((await benApi.unvote(third)).error).toBeNull();

    const tallies = await annApi.tallies(eventId);
    expect(tallies.data?.map((t) => [t.yes_count, t.if_need_be_count, t.total_count])).toEqual([
      [2, 0, 2],
      [1, 0, 1],
      [0, 0, 0],
    ]);
    expect((await sdkFor(outsider).planning.tallies(eventId)).data).toEqual([]);
    expect((await sdkFor(outsider).planning.vote(first, "yes")).error?.code).toBe("forbidden");

    expect((await annApi.lock(first)).error?.code).toBe("forbidden");
    const locked = await org.lock(first);
    expect(locked.error).toBeNull();
    expect(locked.data).toMatchObject({ status: "locked" });
    expect(new Date(locked.data!.starts_at!).toISOString()).toBe("2031-07-01T10:00:00.000Z");
    expect(new Date(locked.data!.ends_at!).toISOString()).toBe("2031-07-01T16:00:00.000Z");

    const late = await benApi.vote(second, "yes");
    expect(late.error?.code).toBe("event_locked");
    expect((await org.proposeSlot({ event_id: eventId, starts_at: "2031-07-09T10:00:00Z" })).error?.code).toBe("event_locked");
    const [votes] = await db<{ n: number }>("select count(*)::int as n from public.slot_votes where event_id = $1", [eventId]);
    expect(votes?.n).toBe(3);
  });

  it("refuses invalid slot input before any request", async () => {
    const result = await sdkFor(organizer).planning.proposeSlot({
      event_id: eventId,
      starts_at: "2031-07-05T10:00:00Z",
      ends_at: "2031-07-05T09:00:00Z",
    });
    expect(result.error?.code).toBe("invalid_input");
    expect(result.error?.details).toEqual([expect.objectContaining({ field: "ends_at" })]);
  });
});

describe("polls", () => {
  it("switches a single-choice vote and refuses votes once closed", async () => {
    const org = sdkFor(organizer).planning;
    const poll = await org.createPoll({ event_id: eventId, question: "What should we eat?", options: ["Pizza", "Salad", "Tacos"] });
    expect(poll.error).toBeNull();
    const [pizza, salad] = poll.data!.options.map((o) => o.id) as [string, string];

    const annApi = sdkFor(ann).planning;
    expect((await annApi.votePoll(pizza)).error).toBeNull();
    expect((await annApi.votePoll(salad)).data?.option_id).toBe(salad);
    expect((await sdkFor(ben).planning.votePoll(salad)).error).toBeNull();
    const results = await annApi.pollResults(poll.data!.id);
    expect(results.data?.map((r) => [r.label, r.votes])).toEqual([
      ["Pizza", 0],
      ["Salad", 2],
      ["Tacos", 0],
    ]);
    expect((await sdkFor(outsider).planning.votePoll(pizza)).error?.code).toBe("option_not_found");

    expect((await annApi.closePoll(poll.data!.id)).error?.code).toBe("not_found");
    expect((await org.closePoll(poll.data!.id)).error).toBeNull();
    expect((await annApi.votePoll(pizza)).error?.code).toBe("poll_closed");
  });

  it("refuses a poll with fewer than two options", async () => {
    const result = await sdkFor(organizer).planning.createPoll({ event_id: eventId, question: "Only one?", options: ["Yes"] });
    expect(result.error?.code).toBe("invalid_input");
  });
});

describe("tasks", () => {
  it("lets the assignee move their own task and refuses everyone else", async () => {
    const org = sdkFor(organizer).tasks;
    const created = await org.create({ event_id: eventId, title: "Bring blankets", assignee_id: ann.id, position: 1 });
    expect(created.error).toBeNull();
    const taskId = created.data!.id;
    expect((await org.create({ event_id: eventId, title: "Buy drinks", position: 2 })).error).toBeNull();

    const annTasks = sdkFor(ann).tasks;
    expect((await annTasks.move(taskId, "doing")).data?.status).toBe("doing");
    expect((await annTasks.update(taskId, { title: "Bring nothing" })).error?.code).toBe("forbidden");
    expect((await sdkFor(ben).tasks.move(taskId, "done")).error?.code).toBe("forbidden");
    expect((await sdkFor(ben).tasks.create({ event_id: eventId, title: "Mine" })).error?.code).toBe("forbidden");
    expect((await org.assign(taskId, outsider.id)).error?.code).toBe("unprocessable");

    expect((await org.complete(taskId)).data?.status).toBe("done");
    const board = await sdkFor(ben).tasks.listByStatus(eventId);
    expect(board.data?.todo.map((t) => t.title)).toEqual(["Buy drinks"]);
    expect(board.data?.done.map((t) => t.title)).toEqual(["Bring blankets"]);
    expect((await sdkFor(outsider).tasks.listByStatus(eventId)).data).toEqual({ todo: [], doing: [], done: [] });
  });
});
