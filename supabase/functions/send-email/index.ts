// POST /functions/v1/send-email: Supabase Auth's Send Email hook. Auth signs each call
// (Standard Webhooks); we verify the signature, render the account email (confirmation, sign-in
// code, magic link, email change, recovery) with react-email and send it at once over the same
// mailer as the outbox. verify_jwt is off: the signature is the credential. Errors use our shape
// plus the `http_code` Supabase Auth reads from hook answers.

import { render } from "@react-email/render";
import { createElement } from "react";
import { Webhook } from "standardwebhooks";
import { z } from "zod";
import { AuthEmail, type AuthEmailKind, authCopy } from "../_shared/email-templates/_auth-layout.tsx";
import { HttpError, json, route, serve, validate } from "../_shared/frame.ts";
import { mailerFromEnv } from "../_shared/mailer.ts";

const hookPayload = z.object({
  user: z.looseObject({ id: z.string().min(1), email: z.email(), new_email: z.email().or(z.literal("")).optional().nullable() }),
  email_data: z.looseObject({
    token: z.string().max(64).default(""),
    token_hash: z.string().min(1).max(512),
    redirect_to: z.string().max(2000).default(""),
    email_action_type: z.enum(["signup", "invite", "magiclink", "email", "recovery", "email_change", "reauthentication"]),
    site_url: z.string().max(2000).default(""),
    token_new: z.string().max(64).optional().default(""),
    token_hash_new: z.string().max(512).optional().default(""),
  }),
});
type HookPayload = z.infer<typeof hookPayload>;

const kinds: Record<HookPayload["email_data"]["email_action_type"], AuthEmailKind> = {
  signup: "signup",
  invite: "signup",
  magiclink: "sign_in_code",
  email: "sign_in_code",
  reauthentication: "sign_in_code",
  recovery: "recovery",
  email_change: "email_change",
};

function verifyUrl(tokenHash: string, type: string, redirectTo: string): string {
  const url = new URL(`${Deno.env.get("SUPABASE_URL") ?? ""}/auth/v1/verify`);
  url.searchParams.set("token", tokenHash);
  url.searchParams.set("type", type);
  if (redirectTo) url.searchParams.set("redirect_to", redirectTo);
  return url.toString();
}

async function send(to: string, kind: AuthEmailKind, code: string, tokenHash: string, data: HookPayload["email_data"], newEmail?: string) {
  const props = {
    kind,
    code: /^\d{6,10}$/.test(code) ? code : null,
    actionUrl: verifyUrl(tokenHash, data.email_action_type, data.redirect_to || data.site_url),
    newEmail: newEmail ?? null,
    validMinutes: Math.round(Number(Deno.env.get("AUTH_OTP_EXPIRY_SECONDS") ?? "300") / 60),
  };
  const element = createElement(AuthEmail, props);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  const mailer = mailerFromEnv();
  try {
    await mailer.send({ to, subject: authCopy[kind].subject, html, text, key: `auth:${tokenHash}` });
  } finally {
    mailer.close();
  }
}

serve("send-email", [
  route({
    method: "POST",
    path: "/",
    auth: "webhook",
    body: "text",
    bodyLimit: 256 * 1024,
    authHook: true,
    handler: async ({ req, body }) => {
      const secret = (Deno.env.get("SEND_EMAIL_HOOK_SECRET") ?? "").replace(/^v1,whsec_/, "");
      if (!secret) throw new HttpError(500, "internal_error", "SEND_EMAIL_HOOK_SECRET is not set.");
      let signed: unknown;
      try {
        signed = new Webhook(secret).verify(body, Object.fromEntries(req.headers));
      } catch {
        throw new HttpError(401, "unauthorized", "The hook signature is missing, invalid or too old.");
      }
      const { user, email_data: data } = validate(hookPayload, signed, "The hook payload is invalid.");
      const kind = kinds[data.email_action_type];
      // Email change, as Supabase Auth fills the hook: with secure email change (both pairs present)
      // the CURRENT address confirms with `token` + `token_hash_new` and the NEW address with
      // `token_new` + `token_hash` (the names are crossed on Auth's side, for compatibility); with one
      // pair only, it belongs to the new address. Mixing them up lets one mailbox confirm both arms.
      const deliveries: { to: string; code: string; tokenHash: string }[] = [];
      if (kind === "email_change") {
        if (!user.new_email)
          throw new HttpError(400, "invalid_input", "An email change needs user.new_email.", [
            { field: "user.new_email", message: "Required for email_change" },
          ]);
        if (data.token_hash_new) {
          deliveries.push({ to: user.email, code: data.token, tokenHash: data.token_hash_new });
          deliveries.push({ to: user.new_email, code: data.token_new, tokenHash: data.token_hash });
        } else {
          deliveries.push({ to: user.new_email, code: data.token, tokenHash: data.token_hash });
        }
      } else {
        deliveries.push({ to: user.email, code: data.token, tokenHash: data.token_hash });
      }
      try {
        for (const d of deliveries) {
          await send(d.to, kind, d.code, d.tokenHash, data, kind === "email_change" ? (user.new_email ?? undefined) : undefined);
        }
      } catch (err) {
        console.error("send-email: delivery failed", err);
        throw new HttpError(503, "unavailable", "The email could not be sent; Supabase Auth will report the failure.");
      }
      return json({});
    },
  }),
]);
