// The Send Email hook: Supabase Auth's signed calls become our react-email account emails in the
// catcher; forged, stale or malformed calls are refused and send nothing.
import { randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { emailsTo, waitForEmails } from "./helpers/mail.ts";
import { env } from "./helpers/stack.ts";

const secret = (process.env.GATHERHUB_SEND_EMAIL_HOOK_SECRET ?? "").replace(/^v1,whsec_/, "");

function hookCall(
  email: string,
  type: string,
  extra: Record<string, unknown> = {},
  { signWith = secret, at = new Date() }: { signWith?: string; at?: Date } = {},
) {
  const id = `msg_${randomUUID()}`;
  const payload = JSON.stringify({
    user: { id: randomUUID(), email, user_metadata: { role: "facilitator" } },
    email_data: {
      token: "482913",
      token_hash: `hash_${randomUUID()}`,
      redirect_to: "http://127.0.0.1:3000/welcome",
      email_action_type: type,
      site_url: "http://127.0.0.1:3000",
      ...extra,
    },
  });
  const signature = new Webhook(signWith).sign(id, at, payload);
  return fetch(`${env.url}/functions/v1/send-email`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
      "webhook-signature": signature,
    },
    body: payload,
  });
}

/** A signed email_change call with the given user addresses and token fields. */
function emailChangeCall(user: { email: string; new_email?: string }, tokens: Record<string, string>) {
  const at = new Date();
  const body = JSON.stringify({
    user: { id: randomUUID(), ...user },
    email_data: { redirect_to: "", email_action_type: "email_change", site_url: "http://127.0.0.1:3000", ...tokens },
  });
  const msgId = `msg_${randomUUID()}`;
  return fetch(`${env.url}/functions/v1/send-email`, {
    method: "POST",
    headers: {
      "webhook-id": msgId,
      "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
      "webhook-signature": new Webhook(secret).sign(msgId, at, body),
    },
    body,
  });
}

/** The token hash and type of the Auth verify link in an email's text. */
function verifyLink(text: string | undefined) {
  const link = /https?:\/\/[^\s"<]+\/auth\/v1\/verify\?[^\s"<]+/.exec(text ?? "")?.[0];
  const url = new URL(link ?? "http://missing");
  return { token: url.searchParams.get("token"), type: url.searchParams.get("type") };
}

const address = (label: string) => `${label}-${randomUUID().slice(0, 8)}@test.gatherhub.dev`;

describe("send-email hook", () => {
  it("a signed sign-up call sends our confirmation email with the verify link", async () => {
    const to = address("signup");
    const response = await hookCall(to, "signup");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
    const [mail] = await waitForEmails(to);
    expect(mail?.subject).toBe("Confirm your GatherHub account");
    expect(mail?.html).toContain("Confirm my email");
    const link = /http:\/\/127\.0\.0\.1:\d+\/auth\/v1\/verify\?[^\s"<]+/.exec(mail?.text ?? "")?.[0];
    const url = new URL(link ?? "http://missing");
    expect(url.searchParams.get("type")).toBe("signup");
    expect(url.searchParams.get("redirect_to")).toBe("http://127.0.0.1:3000/welcome");
  });

  it("an OTP sign-in email carries the 6-digit code and says it lasts 5 minutes", async () => {
    const to = address("otp");
    expect((await hookCall(to, "magiclink", { token: "907341" })).status).toBe(200);
    const [mail] = await waitForEmails(to);
    expect(mail?.subject).toBe("Your GatherHub sign-in code");
    expect(mail?.text).toContain("907341");
    expect(mail?.text).toContain("valid for 5 minutes");
  });

  // Supabase Auth fills the hook crosswise: the CURRENT address confirms with `token` +
  // `token_hash_new`, the NEW one with `token_new` + `token_hash` (audit #18, item 3).
  it("a secure email change sends each address its own code and its own link", async () => {
    const [current, next] = [address("old"), address("new")];
    const response = await emailChangeCall(
      { email: current, new_email: next },
      { token: "111111", token_hash: "hash_for_new", token_new: "222222", token_hash_new: "hash_for_current" },
    );
    expect(response.status).toBe(200);
    const [toCurrent] = await waitForEmails(current);
    const [toNext] = await waitForEmails(next);
    expect(toCurrent?.text).toContain("111111");
    expect(toCurrent?.text).not.toContain("222222");
    expect(verifyLink(toCurrent?.text)).toEqual({ token: "hash_for_current", type: "email_change" });
    expect(toNext?.text).toContain("222222");
    expect(toNext?.text).not.toContain("111111");
    expect(verifyLink(toNext?.text)).toEqual({ token: "hash_for_new", type: "email_change" });
    // Neither mailbox holds the other arm's link.
    expect(`${toNext?.text}${toNext?.html}`).not.toContain("hash_for_current");
    expect(`${toCurrent?.text}${toCurrent?.html}`).not.toContain("hash_for_new");
  });

  it("an email change with one pair only goes to the new address", async () => {
    const [current, next] = [address("old"), address("new")];
    const response = await emailChangeCall({ email: current, new_email: next }, { token: "333333", token_hash: "hash_single" });
    expect(response.status).toBe(200);
    const [toNext] = await waitForEmails(next);
    expect(toNext?.text).toContain("333333");
    expect(verifyLink(toNext?.text)).toEqual({ token: "hash_single", type: "email_change" });
    await new Promise((r) => setTimeout(r, 500));
    expect(await emailsTo(current)).toEqual([]);
  });

  it("an email change without the new address is a 400 and sends nothing", async () => {
    const current = address("old");
    const response = await emailChangeCall({ email: current }, { token: "444444", token_hash: "hash_lost" });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "invalid_input", details: [{ field: "user.new_email" }] } });
    expect(await emailsTo(current)).toEqual([]);
  });

  it("a forged signature is refused with 401 and sends nothing", async () => {
    const to = address("forged");
    const response = await hookCall(to, "signup", {}, { signWith: Buffer.from("not the hook secret").toString("base64") });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: "unauthorized", http_code: 401 } });
    await new Promise((r) => setTimeout(r, 500));
    expect(await emailsTo(to)).toEqual([]);
  });

  it("a replayed old call (stale timestamp) is refused", async () => {
    const to = address("stale");
    const response = await hookCall(to, "recovery", {}, { at: new Date(Date.now() - 60 * 60 * 1000) });
    expect(response.status).toBe(401);
    expect(await emailsTo(to)).toEqual([]);
  });

  it("a signed but malformed payload is a 400 listing the fields", async () => {
    const response = await hookCall("not-an-email", "teleport");
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { details: { field: string }[] } };
    expect(body.error.details.map((d) => d.field).sort()).toEqual(["email_data.email_action_type", "user.email"]);
  });
});
