// Sign-up, sign-in (password, email OTP, OAuth) and the current user, on Supabase Auth through
// supabase-js. The role is asked for at sign-up; the database decides what it becomes.
import { z } from "zod";
import { fail, GatherHubError, invalidInput, ok, type Result } from "./errors.ts";
import type { Context, Profile } from "./types.ts";

export const signUpInput = z
  .object({
    email: z.email(),
    password: z.string().min(8).max(72),
    /** seeker (default), facilitator or creator; nobody signs up as admin. */
    role: z.enum(["seeker", "facilitator", "creator"]).default("seeker"),
    displayName: z.string().trim().min(1).max(80).optional(),
    redirectTo: z.url().optional(),
  })
  .strict();
export type SignUpInput = z.input<typeof signUpInput>;

const otpCode = z.string().regex(/^\d{6}$/, "The code has 6 digits.");

export interface SessionInfo {
  userId: string;
  accessToken: string;
  refreshToken: string;
  expiresAt: number | null;
}

function authError(error: { message: string; status?: number; code?: string }): GatherHubError {
  const status = error.status ?? null;
  const code =
    status === 429
      ? "rate_limited"
      : status === 401 || status === 403
        ? "unauthorized"
        : status === 422 || status === 400
          ? "invalid_input"
          : status !== null && status >= 500
            ? "unavailable"
            : "network_error";
  return new GatherHubError(code, error.message, status, { auth_code: error.code ?? null });
}

export function authApi(ctx: Context) {
  const auth = ctx.supabase.auth;
  const session = (
    s: { user: { id: string }; access_token: string; refresh_token: string; expires_at?: number } | null,
  ): SessionInfo | null =>
    s ? { userId: s.user.id, accessToken: s.access_token, refreshToken: s.refresh_token, expiresAt: s.expires_at ?? null } : null;

  return {
    /** Creates an account; a confirmation email follows and sign-in waits for it. */
    async signUp(input: SignUpInput): Promise<Result<{ userId: string | null; confirmationSent: boolean }>> {
      const parsed = signUpInput.safeParse(input);
      if (!parsed.success) return invalidInput("The sign-up is invalid.", parsed.error);
      const { email, password, role, displayName, redirectTo } = parsed.data;
      const { data, error } = await auth.signUp({
        email,
        password,
        options: { data: { role, display_name: displayName }, emailRedirectTo: redirectTo },
      });
      if (error) return fail(authError(error));
      return ok({ userId: data.user?.id ?? null, confirmationSent: data.session === null });
    },

    async signInWithPassword(email: string, password: string): Promise<Result<SessionInfo>> {
      const { data, error } = await auth.signInWithPassword({ email, password });
      if (error) return fail(authError(error));
      const s = session(data.session);
      return s ? ok(s) : fail(new GatherHubError("unauthorized", "No session was returned.", 401));
    },

    /** Emails a 6-digit code (valid 5 minutes). */
    async requestOtp(email: string, { createUser = false }: { createUser?: boolean } = {}): Promise<Result<null>> {
      const parsed = z.email().safeParse(email);
      if (!parsed.success) return invalidInput("The email address is invalid.", parsed.error);
      const { error } = await auth.signInWithOtp({ email: parsed.data, options: { shouldCreateUser: createUser } });
      return error ? fail(authError(error)) : ok(null);
    },

    async verifyOtp(email: string, code: string): Promise<Result<SessionInfo>> {
      const parsed = z.object({ email: z.email(), code: otpCode }).safeParse({ email, code });
      if (!parsed.success) return invalidInput("The code is invalid.", parsed.error);
      const { data, error } = await auth.verifyOtp({ email: parsed.data.email, token: parsed.data.code, type: "email" });
      if (error) return fail(authError(error));
      const s = session(data.session);
      return s ? ok(s) : fail(new GatherHubError("unauthorized", "No session was returned.", 401));
    },

    /** The provider's authorize URL (the app redirects the browser there). */
    async oauthUrl(provider: "github" | "google", redirectTo?: string): Promise<Result<string>> {
      const { data, error } = await auth.signInWithOAuth({ provider, options: { redirectTo, skipBrowserRedirect: true } });
      if (error || !data.url) return fail(authError(error ?? { message: "No URL returned" }));
      return ok(data.url);
    },

    async signOut(): Promise<Result<null>> {
      const { error } = await auth.signOut();
      return error ? fail(authError(error)) : ok(null);
    },

    /** The signed-in user with their profile and role (the profile is the source of truth). */
    async currentUser(): Promise<Result<{ id: string; profile: Profile }>> {
      const id = await ctx.currentUserId();
      if (!id) return fail(new GatherHubError("unauthorized", "Sign in first.", 401));
      const { data, error, status } = await ctx.supabase.from("profiles").select("*").eq("id", id).maybeSingle();
      if (error) return fail(new GatherHubError(status === 401 ? "unauthorized" : "unavailable", error.message, status));
      if (!data) return fail(new GatherHubError("not_found", "This user has no profile.", 404));
      return ok({ id, profile: data });
    },
  };
}
