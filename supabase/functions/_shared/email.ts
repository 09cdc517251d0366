// Outbox rows → emails: one registry of kind → subject + react-email template, rendered to HTML
// and plain text. A new kind is an enum value, a template and a line here.
import { render } from "@react-email/render";
import { createElement, type FunctionComponent } from "react";
import type { EmailProps } from "./email-templates/_layout.tsx";
import BookingConfirmed from "./email-templates/booking-confirmed.tsx";
import BookingRefunded from "./email-templates/booking-refunded.tsx";
import EnrollmentCancelled from "./email-templates/enrollment-cancelled.tsx";
import EnrollmentConfirmed from "./email-templates/enrollment-confirmed.tsx";
import EnrollmentFollowUp from "./email-templates/enrollment-follow-up.tsx";
import EventCancelled from "./email-templates/event-cancelled.tsx";
import EventChanged from "./email-templates/event-changed.tsx";
import EventReminder from "./email-templates/event-reminder.tsx";
import WaitlistPromoted from "./email-templates/waitlist-promoted.tsx";
import Waitlisted from "./email-templates/waitlisted.tsx";

export type EmailKind =
  | "enrollment_confirmed"
  | "waitlisted"
  | "waitlist_promoted"
  | "enrollment_cancelled"
  | "event_changed"
  | "event_cancelled"
  | "enrollment_follow_up"
  | "event_reminder"
  | "booking_confirmed"
  | "booking_refunded";

interface Template {
  subject: (props: EmailProps) => string;
  component: FunctionComponent<EmailProps>;
}

export const templates: Record<EmailKind, Template> = {
  enrollment_confirmed: { subject: (p) => `You're in: ${p.event.title}`, component: EnrollmentConfirmed },
  waitlisted: { subject: (p) => `You're on the waitlist: ${p.event.title}`, component: Waitlisted },
  waitlist_promoted: { subject: (p) => `A seat opened up, you're in: ${p.event.title}`, component: WaitlistPromoted },
  enrollment_cancelled: { subject: (p) => `Enrollment cancelled: ${p.event.title}`, component: EnrollmentCancelled },
  event_changed: { subject: (p) => `New time or place: ${p.event.title}`, component: EventChanged },
  event_cancelled: { subject: (p) => `Event cancelled: ${p.event.title}`, component: EventCancelled },
  enrollment_follow_up: { subject: (p) => `Getting ready for ${p.event.title}`, component: EnrollmentFollowUp },
  event_reminder: { subject: (p) => `Starting in 1 hour: ${p.event.title}`, component: EventReminder },
  booking_confirmed: { subject: (p) => `Booking confirmed: ${p.event.title}`, component: BookingConfirmed },
  booking_refunded: { subject: (p) => `Refunded: ${p.event.title}`, component: BookingRefunded },
};

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export function isEmailKind(kind: string): kind is EmailKind {
  return Object.hasOwn(templates, kind);
}

export async function renderEmail(kind: EmailKind, props: EmailProps): Promise<RenderedEmail> {
  const template = templates[kind];
  const element = createElement(template.component, props);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: template.subject(props), html, text };
}

/** Where an event's .ics lives (served by the calendar function). */
export function icsUrl(baseUrl: string, slug: string): string {
  return `${baseUrl.replace(/\/$/, "")}/functions/v1/calendar/events/${encodeURIComponent(slug)}.ics`;
}

/** Where a paid session's .ics lives (served by the calendar function). */
export function sessionIcsUrl(baseUrl: string, sessionId: string): string {
  return `${baseUrl.replace(/\/$/, "")}/functions/v1/calendar/sessions/${encodeURIComponent(sessionId)}.ics`;
}
