// One-click unsubscribe (RFC 8058): signed, scoped tokens for the List-Unsubscribe URL of every
// non-transactional email. A token names one user and one category and is signed with HMAC-SHA256
// under EMAIL_UNSUBSCRIBE_SECRET, so it cannot be forged or edited into another user's or another
// category's. It does not expire (an email read months later still unsubscribes, as mailbox
// providers expect); rotating the secret revokes every link at once.
import { type EmailCategory, emailCategories } from "@gatherhub/contract";

const version = "v1";
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function unsubscribeSecret(): string {
  const secret = Deno.env.get("EMAIL_UNSUBSCRIBE_SECRET") ?? "";
  // Short secrets make forgery a brute-force exercise: refuse them rather than sign with them.
  if (secret.length < 32) throw new Error("EMAIL_UNSUBSCRIBE_SECRET must be set (at least 32 characters)");
  return secret;
}

function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

const keys = new Map<string, Promise<CryptoKey>>();
function keyFor(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    keys.set(secret, key);
  }
  return key;
}

async function signature(secret: string, message: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign("HMAC", await keyFor(secret), new TextEncoder().encode(message)));
}

/** `v1.<user id>.<category>.<signature>`: URL-safe as it stands. */
export async function signUnsubscribeToken(userId: string, category: EmailCategory, secret = unsubscribeSecret()): Promise<string> {
  const message = `${version}.${userId.toLowerCase()}.${category}`;
  return `${message}.${base64url(await signature(secret, message))}`;
}

/** The user and category a token was signed for, or null for anything tampered, unknown or malformed. */
export async function verifyUnsubscribeToken(
  token: string,
  secret = unsubscribeSecret(),
): Promise<{ userId: string; category: EmailCategory } | null> {
  if (token.length > 200) return null;
  const [v, userId, category, sig, ...rest] = token.split(".");
  if (rest.length > 0 || v !== version || !userId || !uuid.test(userId) || !sig) return null;
  if (!(emailCategories as readonly string[]).includes(category ?? "")) return null;
  const expected = base64url(await signature(secret, `${v}.${userId}.${category}`));
  // Constant-time comparison of the two encodings.
  if (expected.length !== sig.length) return null;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ sig.charCodeAt(i);
  return diff === 0 ? { userId, category: category as EmailCategory } : null;
}

/** The public URL of the unsubscribe function for a token (SUPABASE_URL, or PUBLIC_URL when set). */
export function unsubscribeUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/$/, "")}/functions/v1/unsubscribe?token=${encodeURIComponent(token)}`;
}

export const categoryLabels: Record<EmailCategory, string> = {
  reminders: "event reminders",
  follow_ups: "follow-ups after enrolling",
  waitlist: "waitlist news",
  event_changes: "event change notices",
};
