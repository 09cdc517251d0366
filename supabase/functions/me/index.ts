// GET /functions/v1/me: the caller's profile and role. Reads through PostgREST as the caller, so
// the token is verified there and RLS decides what comes back.
import type { MeAnswer } from "@gatherhub/contract";
import { HttpError, json, route, serve } from "../_shared/frame.ts";

serve("me", [
  route({
    method: "GET",
    // Any sub-path answers the same, as it always has.
    path: "/*",
    auth: "user",
    handler: async ({ supabase, user }) => {
      const { id } = await user();
      const { data, error } = await supabase.from("profiles").select("*").eq("id", id).maybeSingle();
      if (error) throw new HttpError(503, "unavailable", "Could not read the profile.");
      if (!data) throw new HttpError(404, "not_found", "This user has no profile.");
      // The profile is the source of truth; the token's user_role claim may predate a role change.
      return json<MeAnswer>({ profile: data, role: data.role });
    },
  }),
]);
