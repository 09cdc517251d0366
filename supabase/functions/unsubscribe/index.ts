// /functions/v1/unsubscribe?token=…: one-click unsubscribe (RFC 8058) from the List-Unsubscribe
// header of reminders, follow-ups, waitlist news and change notices. Public (verify_jwt = false):
// the signed token is the only credential, and it names exactly one user and one category.
//  GET  → a small page with a button (never unsubscribes: link scanners and previews prefetch GETs);
//  POST → with the body `List-Unsubscribe=One-Click` (what mailbox providers send, and the page's
//         button) turns that category off for that user. Bad or altered tokens: 400, no change.
// It uses the service role because the request has no session: the verified token stands in for it.
import type { TablesUpdate } from "@gatherhub/contract";
import { HttpError, route, serve } from "../_shared/frame.ts";
import { categoryLabels, verifyUnsubscribeToken } from "../_shared/unsubscribe.ts";

const page = (title: string, body: string, status = 200) =>
  new Response(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
      `<meta name="robots" content="noindex"><title>${title}</title></head>` +
      `<body style="font-family: Helvetica, Arial, sans-serif; max-width: 32rem; margin: 3rem auto; padding: 0 1rem; color: #1f2933">` +
      `<p style="font-weight: bold; color: #3b5bdb">GatherHub</p>${body}</body></html>`,
    {
      status,
      headers: {
        "content-type": "text/html; charset=utf-8",
        "cache-control": "no-store",
        "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
        "referrer-policy": "no-referrer",
        "x-content-type-options": "nosniff",
      },
    },
  );

/** RFC 8058: the body is `List-Unsubscribe=One-Click`, multipart/form-data (SHOULD) or form-urlencoded (MAY). */
async function isOneClick(contentType: string, body: string): Promise<boolean> {
  try {
    const form = await new Request("http://unsubscribe.local/", {
      method: "POST",
      headers: { "content-type": contentType },
      body,
    }).formData();
    return form.get("List-Unsubscribe") === "One-Click";
  } catch {
    return false; // not a form at all
  }
}

/** The category and user the link's token names; a bad or altered token is a 400, no change. */
async function scopeOf(url: URL) {
  const token = url.searchParams.get("token") ?? "";
  const scope = token ? await verifyUnsubscribeToken(token) : null;
  if (!scope) throw new HttpError(400, "invalid_token", "This unsubscribe link is not valid.");
  return { ...scope, label: categoryLabels[scope.category] };
}

serve("unsubscribe", [
  route({
    method: "GET",
    path: "/",
    auth: "none",
    handler: async ({ url }) => {
      const { label } = await scopeOf(url);
      return page(
        "Unsubscribe",
        `<h1 style="font-size: 22px">Stop ${label}?</h1><p>You will no longer get ${label} from GatherHub. ` +
          `Confirmations, cancellations and receipts still arrive.</p>` +
          `<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">` +
          `<button type="submit" style="padding: 0.6rem 1.2rem">Unsubscribe</button></form>`,
      );
    },
  }),
  route({
    method: "POST",
    path: "/",
    auth: "none",
    body: "text",
    bodyLimit: 4 * 1024,
    handler: async ({ url, req, body, admin }) => {
      const scope = await scopeOf(url);
      if (!(await isOneClick(req.headers.get("content-type") ?? "", body))) {
        throw new HttpError(400, "invalid_input", "Send List-Unsubscribe=One-Click to unsubscribe.", [
          { field: "List-Unsubscribe", message: "Expected One-Click" },
        ]);
      }
      // Service role: the request has no session; the verified token stands in for it.
      const { data, error } = await admin
        .from("notification_preferences")
        .update({ [scope.category]: false } as TablesUpdate<"notification_preferences">)
        .eq("user_id", scope.userId)
        .select("user_id");
      if (error) throw new HttpError(503, "unavailable", "Could not save the preference, try again.");
      if (!data || data.length === 0) throw new HttpError(404, "not_found", "This unsubscribe link is not valid.");
      return page(
        "Unsubscribed",
        `<h1 style="font-size: 22px">Unsubscribed</h1><p>You will no longer get ${scope.label} from GatherHub.</p>`,
      );
    },
  }),
]);
