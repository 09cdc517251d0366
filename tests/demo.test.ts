// The demo (`npm run demo`) as a smoke test: the whole story runs against the test stack.
import { describe, expect, it } from "vitest";
import { demoEnv, runDemo } from "../demo/run.ts";

describe("npm run demo", () => {
  it("tells the whole story: publish, enroll to the waitlist, vote and lock, a paid booking confirmed by Stripe", async () => {
    const lines: string[] = [];
    const summary = await runDemo(await demoEnv(), (line) => lines.push(line));
    expect(summary.enrollments).toEqual(["enrolled", "enrolled", "waitlisted"]);
    expect(summary.waitlistPosition).toBe(1);
    expect(summary.lockedStartsAt).not.toBe("");
    expect(summary.bookingStatus).toBe("confirmed");
    expect(lines.at(-1)).toBe("The story is complete.");
  });
});
