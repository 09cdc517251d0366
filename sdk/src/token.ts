import type { Context } from "./index.ts";

/** The signed-in user's id from the current access token (not verified: the server does that). */
export async function currentUserId(ctx: Context): Promise<string | null> {
  const token = await ctx.currentToken();
  if (!token) return null;
  try {
    const payload = JSON.parse(atob((token.split(".")[1] ?? "").replace(/-/g, "+").replace(/_/g, "/"))) as { sub?: string };
    return payload.sub ?? null;
  } catch {
    return null;
  }
}
