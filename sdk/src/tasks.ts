// Tasks of an event: organizers and co-organizers create, edit and assign; an assignee moves their
// own task between todo / doing / done. The database refuses everything else.
import { type TaskInput, type TaskStatus, type TaskUpdate, taskInput, taskUpdate } from "@gatherhub/contract";
import { fail, fromPostgrest, GatherHubError, invalidInput, ok, type Result } from "./errors.ts";
import type { Context, Tables } from "./types.ts";

export type Task = Tables<"tasks">;
export type TaskBoard = Record<TaskStatus, Task[]>;

export function tasksApi(ctx: Context) {
  const db = ctx.supabase;

  async function patch(id: string, changes: TaskUpdate): Promise<Result<Task>> {
    const parsed = taskUpdate.safeParse(changes);
    if (!parsed.success) return invalidInput("The task update is invalid.", parsed.error);
    const { data, error, status } = await db.from("tasks").update(parsed.data).eq("id", id).select("*").maybeSingle();
    if (error) return fail(fromPostgrest(error, status));
    // RLS hides rows the caller may not change: no row back means not theirs to change.
    if (!data) return fail(new GatherHubError("forbidden", "You cannot change this task.", status));
    return ok(data);
  }

  return {
    async create(input: TaskInput): Promise<Result<Task>> {
      const parsed = taskInput.safeParse(input);
      if (!parsed.success) return invalidInput("The task is invalid.", parsed.error);
      const { data, error, status } = await db.from("tasks").insert(parsed.data).select("*").single();
      return error ? fail(fromPostgrest(error, status)) : ok(data);
    },
    update: patch,
    /** Assigns to a member of the event (or unassigns with null). */
    assign: (id: string, assigneeId: string | null) => patch(id, { assignee_id: assigneeId }),
    /** Moves to another status (and, for organizers, another position). */
    move: (id: string, status: TaskStatus, position?: number) => patch(id, position === undefined ? { status } : { status, position }),
    complete: (id: string) => patch(id, { status: "done" }),
    /** The event's tasks grouped by status, each column in board order. */
    async listByStatus(eventId: string): Promise<Result<TaskBoard>> {
      const { data, error, status } = await db.from("tasks").select("*").eq("event_id", eventId).order("position").order("created_at");
      if (error) return fail(fromPostgrest(error, status));
      const board: TaskBoard = { todo: [], doing: [], done: [] };
      for (const task of data) board[task.status].push(task);
      return ok(board);
    },
  };
}
