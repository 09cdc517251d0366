// Sent when a booking is confirmed: by Stripe's verified webhook, or at once for a free session.
import { Text } from "@react-email/components";
import { EmailLayout, type EmailProps, money, previewProps } from "./_layout.tsx";
import { TicketBlock } from "./_ticket.tsx";

export default function BookingConfirmed(props: EmailProps) {
  const paid = props.payment && props.payment.amountMinor > 0 ? money(props.payment.amountMinor, props.payment.currency) : null;
  return (
    <EmailLayout preview={`Your seat at ${props.event.title} is booked.`} heading="Your booking is confirmed" props={props}>
      <Text>{paid ? `We received your payment of ${paid}. Your seat is confirmed.` : "Your seat is confirmed. This session is free."}</Text>
      <TicketBlock ticket={props.ticket} />
    </EmailLayout>
  );
}

BookingConfirmed.PreviewProps = {
  ...previewProps,
  icsUrl: null,
  event: { ...previewProps.event, slug: null, timezone: "UTC" },
  payment: { amountMinor: 2500, currency: "eur", refundReason: null },
} satisfies EmailProps;
