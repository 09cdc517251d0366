// Sent when a booking is refunded: the user cancelled before the start, or their payment arrived
// after the hold expired and the last seat was gone (never a paid booking without a seat).
import { Text } from "@react-email/components";
import { EmailLayout, type EmailProps, money, previewProps } from "./_layout.tsx";

export default function BookingRefunded(props: EmailProps) {
  const amount = props.payment ? money(props.payment.amountMinor, props.payment.currency) : "your payment";
  const noSeat = props.payment?.refundReason === "no_seat";
  return (
    <EmailLayout preview={`We refunded ${amount} for ${props.event.title}.`} heading="Your payment was refunded" props={props}>
      <Text>
        {noSeat
          ? `Your payment arrived after your seat hold had expired, and the session was full by then. We refunded ${amount} in full; you were not charged.`
          : `Your booking was cancelled and we refunded ${amount}.`}
      </Text>
      <Text>Refunds usually reach your account within 5 to 10 business days.</Text>
    </EmailLayout>
  );
}

BookingRefunded.PreviewProps = {
  ...previewProps,
  icsUrl: null,
  event: { ...previewProps.event, slug: null, timezone: "UTC" },
  payment: { amountMinor: 2500, currency: "eur", refundReason: "no_seat" },
} satisfies EmailProps;
