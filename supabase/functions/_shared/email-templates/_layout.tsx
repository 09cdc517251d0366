// The frame every GatherHub email shares: header, the event card, a calendar link and the footer
// that says why the reader got the email and where to change their email settings.
import { Body, Container, Head, Heading, Hr, Html, Link, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";

export interface EmailEvent {
  title: string;
  /** Null for paid sessions, which have no public calendar file. */
  slug: string | null;
  startsAt: string | null;
  endsAt: string | null;
  timezone: string;
  location: string;
  onlineUrl: string | null;
}

/** What every template receives; kind-specific extras are optional. */
export interface EmailProps {
  recipientName: string;
  event: EmailEvent;
  icsUrl: string | null;
  preferencesUrl: string;
  /** Non-transactional emails: the one-click unsubscribe page for this email's category. */
  unsubscribe?: { url: string; label: string } | null;
  previous?: { startsAt: string | null; timezone: string; location: string; onlineUrl: string | null } | null;
  waitlistPosition?: number | null;
  /** Bookings: what was paid (minor units) and, for refunds, why. */
  payment?: { amountMinor: number; currency: string; refundReason: "cancelled" | "no_seat" | null } | null;
  /** Confirmations: the signed ticket code and its QR code (PNG data URI). */
  ticket?: { code: string; qrDataUri: string } | null;
}

/** "€25.00" in the currency's own format. */
export function money(amountMinor: number, currency: string): string {
  const code = currency.toUpperCase();
  const digits = new Intl.NumberFormat("en", { style: "currency", currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
  return new Intl.NumberFormat("en-GB", { style: "currency", currency: code }).format(amountMinor / 10 ** digits);
}

/** "Monday 29 March 2027, 10:00 CEST" in the event's own timezone, whatever the server's is. */
export function localTime(iso: string | null, timezone: string): string {
  if (!iso) return "time to be decided";
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: timezone,
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  }).format(new Date(iso));
}

export function place(location: string, onlineUrl: string | null): string {
  return [location, onlineUrl].filter((part) => part && part.trim() !== "").join(" · ") || "to be announced";
}

const main = { backgroundColor: "#f6f7f9", fontFamily: "Helvetica, Arial, sans-serif", color: "#1f2933" };
const card = { backgroundColor: "#ffffff", borderRadius: "8px", padding: "24px", margin: "24px auto", maxWidth: "560px" };
const muted = { color: "#66788a", fontSize: "12px", lineHeight: "18px" };

export function EmailLayout({
  preview,
  heading,
  props,
  children,
}: {
  preview: string;
  heading: string;
  props: EmailProps;
  children?: ReactNode;
}) {
  const { event } = props;
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={main}>
        <Container style={card}>
          <Text style={{ fontWeight: "bold", color: "#3b5bdb" }}>GatherHub</Text>
          <Heading as="h1" style={{ fontSize: "22px" }}>
            {heading}
          </Heading>
          <Text>Hi {props.recipientName},</Text>
          {children}
          <Section style={{ borderLeft: "3px solid #3b5bdb", paddingLeft: "12px" }}>
            <Text style={{ fontWeight: "bold", margin: "0" }}>{event.title}</Text>
            <Text style={{ margin: "0" }}>When: {localTime(event.startsAt, event.timezone)}</Text>
            <Text style={{ margin: "0" }}>Where: {place(event.location, event.onlineUrl)}</Text>
            <Text style={{ margin: "0" }}>Timezone: {event.timezone}</Text>
          </Section>
          {props.icsUrl ? (
            <Text>
              <Link href={props.icsUrl}>Add to your calendar (.ics)</Link>
            </Text>
          ) : null}
          <Hr />
          <Text style={muted}>
            You get this email because of your place at {event.title} on GatherHub. Reminders, follow-ups, waitlist news and change notices
            can be turned off in your <Link href={props.preferencesUrl}>email settings</Link>.
            {props.unsubscribe ? (
              <>
                {" "}
                <Link href={props.unsubscribe.url}>Unsubscribe from {props.unsubscribe.label}</Link>.
              </>
            ) : null}
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

export const previewProps: EmailProps = {
  recipientName: "Sam",
  event: {
    title: "Morning meditation in the park",
    slug: "morning-meditation-in-the-park-a1b2c3",
    startsAt: "2027-03-29T08:00:00Z",
    endsAt: "2027-03-29T09:30:00Z",
    timezone: "Europe/Berlin",
    location: "Tiergarten, Berlin",
    onlineUrl: null,
  },
  icsUrl: "http://127.0.0.1:54321/functions/v1/calendar/events/morning-meditation-in-the-park-a1b2c3.ics",
  preferencesUrl: "http://127.0.0.1:3000/settings/email",
};
