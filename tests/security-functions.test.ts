// Security audit (issue 18), items 6 and 8: functions verify what they rely on even when reached
// past the gateway (no verify_jwt there), and body limits hold on the stream itself, not on the
// Content-Length a client chose to send.
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { bookingRow, holdSeat, publishedSession } from "./helpers/sessions.ts";
import { closeDb, createUser, db, env } from "./helpers/stack.ts";

afterAll(closeDb);

function functionUrl(name: string): string {
  const urls = JSON.parse(process.env.GATHERHUB_FUNCTION_URLS ?? "{}") as Record<string, string>;
  const url = urls[name];
  if (!url) throw new Error(`No direct URL for function ${name}: run with npm test.`);
  return url;
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
/** An unsigned token (alg "none") claiming to be whoever the attacker likes. */
const unsigned = (claims: Record<string, unknown>) =>
  `${b64url({ alg: "none", typ: "JWT" })}.${b64url({ aud: "authenticated", exp: Math.floor(Date.now() / 1000) + 3600, ...claims })}.`;

describe("functions reached directly verify the caller (item 6)", () => {
  it("payments refuses an unsigned token with another user's sub and leaves their booking alone", async () => {
    const creator = await createUser("creator");
    const session = await publishedSession(creator);
    const { user: victim, booking } = await holdSeat(session.id);
    const forged = unsigned({ sub: victim.id, role: "authenticated", user_role: "seeker" });
    const res = await fetch(`${functionUrl("payments")}/payments/cancel`, {
      method: "POST",
      headers: { authorization: `Bearer ${forged}`, "content-type": "application/json" },
      body: JSON.stringify({ booking_id: booking.id }),
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_jwt");
    expect((await bookingRow(booking.id)).status).toBe("pending");
  });

  it("the email dispatcher refuses an unsigned service_role token and claims nothing", async () => {
    const [before] = await db<{ n: number }>("select count(*)::int as n from public.email_outbox where status = 'sending'");
    const res = await fetch(functionUrl("email-dispatcher"), {
      method: "POST",
      headers: { authorization: `Bearer ${unsigned({ role: "service_role" })}`, "content-type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(403);
    const [after] = await db<{ n: number }>("select count(*)::int as n from public.email_outbox where status = 'sending'");
    expect(after?.n).toBe(before?.n);
  });
});

/** A chunked body (no Content-Length) of `bytes` bytes, produced lazily. */
function chunkedBody(bytes: number) {
  const chunk = Buffer.alloc(64 * 1024, "a");
  let produced = 0;
  const stream = new Readable({
    read() {
      if (produced >= bytes) return this.push(null);
      produced += chunk.length;
      this.push(chunk);
    },
  });
  return { body: Readable.toWeb(stream) as ReadableStream<Uint8Array> };
}

describe("body limits hold on the stream (item 8)", () => {
  const fiveMiB = 5 * 1024 * 1024;

  // No Content-Length is sent, so a limit on the header alone would read all 5 MiB and answer 400 (not JSON).
  it("a 5 MiB chunked body to enrollments through the gateway is cut off with 413", async () => {
    const user = await createUser("seeker");
    const { body } = chunkedBody(fiveMiB);
    const res = await fetch(`${env.url}/functions/v1/enrollments`, {
      method: "POST",
      headers: { apikey: env.anonKey, authorization: `Bearer ${user.token}`, "content-type": "application/json" },
      body,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("payload_too_large");
  });

  for (const [name, headers] of [
    ["payments", () => ({})],
    ["stripe-webhook", () => ({ "stripe-signature": "t=1,v1=00" })],
    ["send-email", () => ({ "webhook-id": "msg_1", "webhook-timestamp": "1", "webhook-signature": "v1,AA==" })],
    ["email-dispatcher", () => ({ authorization: `Bearer ${env.serviceRoleKey}` })],
  ] as const) {
    it(`${name} answers 413 to a 5 MiB chunked body`, async () => {
      const user = name === "payments" ? await createUser("seeker") : null;
      const { body } = chunkedBody(fiveMiB);
      const res = await fetch(functionUrl(name), {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(user ? { authorization: `Bearer ${user.token}` } : {}),
          ...headers(),
        },
        body,
        duplex: "half",
      } as RequestInit);
      expect(res.status).toBe(413);
    });
  }
});
