// The audit's smaller findings (#18), reproduced through the API the way an attacker would call it:
// a forged row to rpc/waitlist_position, an outside URL or a `..` path as avatar_path, and a member
// reading every ballot of a poll through GET /rest/v1/poll_votes.
import { afterAll, describe, expect, it } from "vitest";
import { publishedEvent } from "./helpers/events.ts";
import { closeDb, createUser, db, env, sdkFor, type TestUser } from "./helpers/stack.ts";

afterAll(closeDb);

async function rest(user: TestUser, method: string, path: string, body?: unknown) {
  const response = await fetch(`${env.url}/rest/v1/${path}`, {
    method,
    headers: {
      apikey: env.anonKey,
      authorization: `Bearer ${user.token}`,
      "content-type": "application/json",
      prefer: "return=representation",
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json().catch(() => null)) as unknown };
}

describe("rpc/waitlist_position (item 7)", () => {
  it("a made-up row or another user's enrollment reveals no waitlist; the owner gets their place", async () => {
    const organizer = await createUser("facilitator");
    const event = await publishedEvent(organizer, { title: "One seat only", capacity: 1 });
    const [seated, first, second, spy] = await Promise.all([createUser(), createUser(), createUser(), createUser()]);
    for (const user of [seated, first, second]) expect((await sdkFor(user).enrollments.enroll(event.id)).error).toBeNull();
    const [row] = await db<Record<string, unknown>>("select * from public.enrollments where user_id = $1", [second.id]);

    const forged = { ...row, id: crypto.randomUUID(), user_id: spy.id, waitlist_ticket: Number.MAX_SAFE_INTEGER };
    expect(await rest(spy, "POST", "rpc/waitlist_position", { enrollment: forged })).toEqual({ status: 200, body: null });
    expect(await rest(spy, "POST", "rpc/waitlist_position", { enrollment: row })).toEqual({ status: 200, body: null });
    expect(await rest(second, "POST", "rpc/waitlist_position", { enrollment: row })).toEqual({ status: 200, body: 2 });
    expect((await sdkFor(second).enrollments.mine({ status: "waitlisted" })).data?.[0]?.waitlist_position).toBe(2);
  });
});

describe("avatar paths (item 10)", () => {
  it("avatar_path takes only an object in the owner's folder, with a clear 400 otherwise", async () => {
    const [me, victim] = await Promise.all([createUser(), createUser()]);
    for (const path of ["https://tracker.example/pixel.gif", `${victim.id}/avatar.png`, `${me.id}/../${victim.id}/avatar.png`]) {
      const refused = await rest(me, "PATCH", `profiles?id=eq.${me.id}`, { avatar_path: path });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ code: "23514", message: expect.stringContaining("profiles_avatar_in_own_folder") });
    }
    const accepted = await sdkFor(me).profiles.updateMine({ avatar_path: `${me.id}/avatar.png` });
    expect(accepted.data?.avatar_path).toBe(`${me.id}/avatar.png`);
  });
});

describe("poll ballots (item 11)", () => {
  it("a member reads only their own ballots of a poll created the default way; counts stay complete", async () => {
    const organizer = await createUser("facilitator");
    const event = await publishedEvent(organizer, { title: "Ballot night" });
    const [amy, ben] = await Promise.all([createUser(), createUser()]);
    for (const member of [amy, ben]) expect((await sdkFor(member).events.join(event.id)).error).toBeNull();
    // Created as before the audit: no ballots field, so the default applies.
    const poll = await rest(organizer, "POST", "polls?select=id", { event_id: event.id, question: "Who should lead?" });
    const pollId = (poll.body as { id: string }[])[0]!.id;
    const options = await rest(organizer, "POST", "poll_options?select=id", [
      { poll_id: pollId, label: "Amy" },
      { poll_id: pollId, label: "Ben" },
    ]);
    const ben_option = (options.body as { id: string }[])[1]!.id;
    for (const member of [amy, ben]) expect((await sdkFor(member).planning.votePoll(ben_option)).error).toBeNull();

    const ballots = await rest(amy, "GET", `poll_votes?poll_id=eq.${pollId}&select=user_id,option_id`);
    expect(ballots.body).toEqual([{ user_id: amy.id, option_id: ben_option }]);
    expect((await sdkFor(amy).planning.pollResults(pollId)).data?.map((r) => [r.label, r.votes])).toEqual([
      ["Amy", 0],
      ["Ben", 2],
    ]);

    const open = await sdkFor(organizer).planning.createPoll({
      event_id: event.id,
      question: "Pizza?",
      ballots: "open",
      options: ["Yes", "No"],
    });
    expect(open.data?.ballots).toBe("open");
    for (const member of [amy, ben]) expect((await sdkFor(member).planning.votePoll(open.data!.options[0]!.id)).error).toBeNull();
    expect((await rest(amy, "GET", `poll_votes?poll_id=eq.${open.data!.id}&select=user_id`)).body).toHaveLength(2);
  });
});
