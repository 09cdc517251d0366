// The demo (`npm run demo`) as a smoke test: the whole story runs against the test stack.
import { describe, expect, it } from "vitest";
import { demoEnv, runDemo } from "../demo/run.ts";

describe("npm run demo", () => {
  it("tells the whole story: publish, enroll to the waitlist, vote and lock, a paid booking confirmed by Stripe, the emails", async () => {
    const lines: string[] = [];
    const summary = await runDemo(await demoEnv(), (line) => lines.push(line));
    expect(summary.enrollments).toEqual(["enrolled", "enrolled", "waitlisted"]);
    expect(summary.waitlistPosition).toBe(1);
    expect(summary.lockedStartsAt).not.toBe("");
    expect(summary.bookingStatus).toBe("confirmed");
    expect((await fetch(summary.sessionImageUrl)).headers.get("content-type")).toBe("image/png");
    expect(summary.checkIns).toEqual(["checked_in", "already_checked_in", "ticket_forged"]);
    expect(summary.seriesLocalTimes).toHaveLength(4);
    expect(summary.seriesLocalTimes.every((when) => when.endsWith("19:00"))).toBe(true);
    // Three confirmations, one waitlist notice, one booking confirmation; event emails link their .ics.
    const subjects = summary.emails.map((m) => m.subject);
    expect(subjects.filter((s) => s.startsWith("You're in:"))).toHaveLength(3); // two seekers, then Max at the pop-up
    expect(subjects.filter((s) => s.startsWith("You're on the waitlist:"))).toHaveLength(1);
    expect(subjects.filter((s) => s.startsWith("Booking confirmed:"))).toHaveLength(1);
    expect(
      summary.emails.find((m) => m.subject.startsWith("You're in:"))?.links.some((l) => l.includes("/functions/v1/calendar/events/")),
    ).toBe(true);
    expect(lines.at(-1)).toBe("The story is complete.");
  });
});
