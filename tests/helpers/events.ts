// Event fixtures: events made by a facilitator through the SDK, tagged per test run so search
// assertions see only their own rows whatever else the database holds.
import { randomUUID } from "node:crypto";
import type { EventInput } from "../../sdk/src/index.ts";
import { db, sdkFor, type TestUser } from "./stack.ts";

export const runTag = `run-${randomUUID().slice(0, 8)}`;

export function inDays(days: number, hour = 10): string {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
}

/** Creates and publishes an event as the facilitator; throws on any error (fixture, not subject). */
export async function publishedEvent(organizer: TestUser, input: Partial<EventInput> & { title: string }) {
  const sdk = sdkFor(organizer);
  const created = await sdk.events.create({
    starts_at: inDays(7),
    ends_at: inDays(7, 12),
    timezone: "Europe/Amsterdam",
    ...input,
    tags: [...(input.tags ?? []), runTag],
  });
  if (created.error) throw created.error;
  const published = await sdk.events.publish(created.data.id);
  if (published.error) throw published.error;
  return published.data;
}

/** An event whose start is already past (clients cannot create those; fixtures can). */
export async function pastEvent(organizer: TestUser, title: string, tags: string[] = []) {
  const event = await publishedEvent(organizer, { title, tags });
  await db(
    "update public.events set starts_at = now() - interval '2 days', ends_at = now() - interval '2 days' + interval '1 hour' where id = $1",
    [event.id],
  );
  return { ...event, starts_at: new Date(Date.now() - 2 * 86_400_000).toISOString() };
}
