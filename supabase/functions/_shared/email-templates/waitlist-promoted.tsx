// Sent when a seat frees up and the reader moves from the waitlist into it.
import { Text } from "@react-email/components";
import { EmailLayout, type EmailProps, previewProps } from "./_layout.tsx";
import { TicketBlock } from "./_ticket.tsx";

export default function WaitlistPromoted(props: EmailProps) {
  return (
    <EmailLayout preview={`A seat opened up at ${props.event.title}: it is yours.`} heading="A seat opened up: you are in" props={props}>
      <Text>Good news: someone gave up their seat and you were next on the waitlist. Your seat is confirmed.</Text>
      <TicketBlock ticket={props.ticket} />
    </EmailLayout>
  );
}

WaitlistPromoted.PreviewProps = previewProps;
