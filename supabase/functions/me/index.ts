// GET /functions/v1/me: the caller's profile and the claims their token carries. Requires a
// user JWT (verify_jwt); reads through PostgREST with that JWT, so RLS decides what comes back.
import { preflight } from "../_shared/cors.ts";
import { HttpError, json, withErrors } from "../_shared/errors.ts";
import { bearer, claimsOf, userClient } from "../_shared/supabase.ts";

Deno.serve(
  withErrors(async (req) => {
    const early = preflight(req);
    if (early) return early;
    if (req.method !== "GET") throw new HttpError(405, "method_not_allowed", "Use GET.");
    const claims = claimsOf(bearer(req));
    if (claims.role !== "authenticated" || typeof claims.sub !== "string") {
      throw new HttpError(401, "unauthorized", "This call needs a signed-in user's token, not an API key.");
    }
    const { data, error } = await userClient(req).from("profiles").select("*").eq("id", claims.sub).maybeSingle();
    if (error) throw new HttpError(502, "unavailable", "Could not read the profile.", { reason: error.message });
    if (!data) throw new HttpError(404, "not_found", "This user has no profile.");
    // The profile is the source of truth; the token's user_role claim may predate a role change.
    return json({ profile: data, role: data.role });
  }),
);
