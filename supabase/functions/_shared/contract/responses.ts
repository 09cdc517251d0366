// What the edge functions answer, declared once: the functions type their JSON with these and the
// SDK returns them. Rows are the generated types; the rest is the JSON the SQL functions build
// (jsonb results, which `supabase gen types` can only call Json).
import type { Database, Tables } from "./database.types.ts";

/** POST /enrollments (201 enrolled, 202 waitlisted). */
export interface EnrollOutcome {
  enrollment_id: string;
  event_id: string;
  status: "enrolled" | "waitlisted";
  /** Place on the waitlist; null when enrolled. */
  position: number | null;
}

/** DELETE /enrollments/<event_id>. */
export interface CancelOutcome {
  enrollment_id: string;
  event_id: string;
  status: "cancelled";
  /** People moved from the waitlist into the freed seat (0 or 1). */
  promoted: number;
}

/** POST /checkin. */
export interface CheckInOutcome {
  status: "checked_in" | "already_checked_in";
  ticket_id: string;
  event_id: string | null;
  session_id: string | null;
  checked_in_at: string;
  attendee: { user_id: string; display_name: string };
}

/** What a client needs to pay a held seat; null for a free session (confirmed at once). */
export interface PaymentDetails {
  payment_intent_id: string;
  /** For Stripe.js confirmPayment in the browser. */
  client_secret: string;
  amount_minor: number;
  currency: string;
  hold_expires_at: string;
}

/** POST /payments (201). */
export interface BookingAnswer {
  booking: Tables<"bookings">;
  payment: PaymentDetails | null;
}

/** GET /me. */
export interface MeAnswer {
  profile: Tables<"profiles">;
  role: Database["public"]["Enums"]["user_role"];
}
