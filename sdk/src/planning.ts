// Planning: time slots with yes / if-need-be votes and the organizer's lock; polls with options.
// The database enforces every rule (membership, locked events, closed polls); this file validates
// input early; the database's refusals (event_locked, poll_closed, slot_not_found, option_not_found)
// reach the caller as their codes through the contract's refusal table (fromPostgrest).
import { type PollInput, pollInput, type SlotAnswer, type SlotProposal, slotAnswer, slotProposal } from "@gatherhub/contract";
import { fail, fromPostgrest, invalidInput, ok, type Result } from "./errors.ts";
import type { Context, Database, Tables, TablesInsert } from "./types.ts";

export type TimeSlot = Tables<"time_slots">;
export type SlotVote = Tables<"slot_votes">;
export type Poll = Tables<"polls">;
export type PollOption = Tables<"poll_options">;
export type PollVote = Tables<"poll_votes">;
export type EventRow = Tables<"events">;
/** A row of the slot_tallies view (generated type); its counts are never null (count(*) … filter). */
export type SlotTally = Database["public"]["Views"]["slot_tallies"]["Row"] & {
  yes_count: number;
  if_need_be_count: number;
  total_count: number;
};
/** A row of the poll_results view (generated type); votes is never null (count). */
export type PollResult = Database["public"]["Views"]["poll_results"]["Row"] & { votes: number };

export function planningApi(ctx: Context) {
  const db = ctx.supabase;
  return {
    /** Organizers and co-organizers propose a start (and optional end) for the event. */
    async proposeSlot(input: SlotProposal): Promise<Result<TimeSlot>> {
      const parsed = slotProposal.safeParse(input);
      if (!parsed.success) return invalidInput("The time slot is invalid.", parsed.error);
      const { data, error, status } = await db.from("time_slots").insert(parsed.data).select("*").single();
      return error ? fail(fromPostgrest(error, status)) : ok(data);
    },
    /** Votes (or changes the caller's answer) for a slot. */
    async vote(slotId: string, answer: SlotAnswer): Promise<Result<SlotVote>> {
      const parsed = slotAnswer.safeParse(answer);
      if (!parsed.success) return invalidInput("The answer is invalid.", parsed.error);
      const { data, error, status } = await db
        .from("slot_votes")
        // event_id is filled from the slot by the database (slot_votes_guard), never sent.
        .upsert({ slot_id: slotId, answer: parsed.data } as TablesInsert<"slot_votes">, { onConflict: "slot_id,user_id" })
        .select("*")
        .single();
      return error ? fail(fromPostgrest(error, status)) : ok(data);
    },
    /** Withdraws the caller's vote for a slot (RLS limits the delete to their own row). */
    async unvote(slotId: string): Promise<Result<null>> {
      const { error, status } = await db.from("slot_votes").delete().eq("slot_id", slotId);
      return error ? fail(fromPostgrest(error, status)) : ok(null);
    },
    /** Yes / if-need-be counts per slot, earliest first. Members only: others get an empty list. */
    async tallies(eventId: string): Promise<Result<SlotTally[]>> {
      const { data, error, status } = await db.from("slot_tallies").select("*").eq("event_id", eventId).order("starts_at");
      return error ? fail(fromPostgrest(error, status)) : ok(data as SlotTally[]);
    },
    /** The organizer locks the winning slot: the event is scheduled at its time and voting ends. */
    async lock(slotId: string): Promise<Result<EventRow>> {
      const { data, error, status } = await db.rpc("lock_event_slot", { slot: slotId });
      return error ? fail(fromPostgrest(error, status)) : ok(data as EventRow);
    },
    /** Creates a poll with its options (in order). */
    async createPoll(input: PollInput): Promise<Result<Poll & { options: PollOption[] }>> {
      const parsed = pollInput.safeParse(input);
      if (!parsed.success) return invalidInput("The poll is invalid.", parsed.error);
      const { options, ...poll } = parsed.data;
      const created = await db.from("polls").insert(poll).select("*").single();
      if (created.error) return fail(fromPostgrest(created.error, created.status));
      // event_id is copied from the poll by the database (poll_options_set_event).
      const rows = options.map((label, position) => ({ poll_id: created.data.id, label, position }) as TablesInsert<"poll_options">);
      const added = await db.from("poll_options").insert(rows).select("*").order("position");
      if (added.error) {
        // Without its options the poll is useless: remove it rather than leave half a poll.
        await db.from("polls").delete().eq("id", created.data.id);
        return fail(fromPostgrest(added.error, added.status));
      }
      return ok({ ...created.data, options: added.data });
    },
    /** Votes for an option; in a single-choice poll this replaces the caller's previous vote. */
    async votePoll(optionId: string): Promise<Result<PollVote>> {
      const { data, error, status } = await db.rpc("vote_in_poll", { option: optionId });
      return error ? fail(fromPostgrest(error, status)) : ok(data as PollVote);
    },
    async unvotePoll(optionId: string): Promise<Result<null>> {
      const { error, status } = await db.from("poll_votes").delete().eq("option_id", optionId);
      return error ? fail(fromPostgrest(error, status)) : ok(null);
    },
    /** Votes per option, in the poll's order. */
    async pollResults(pollId: string): Promise<Result<PollResult[]>> {
      const { data, error, status } = await db.from("poll_results").select("*").eq("poll_id", pollId).order("position");
      return error ? fail(fromPostgrest(error, status)) : ok(data as PollResult[]);
    },
    /** Organizers close a poll now; the database refuses votes from then on. */
    async closePoll(pollId: string): Promise<Result<Poll>> {
      const { data, error, status } = await db
        .from("polls")
        .update({ closes_at: new Date().toISOString() })
        .eq("id", pollId)
        .select("*")
        .single();
      return error ? fail(fromPostgrest(error, status)) : ok(data);
    },
  };
}
