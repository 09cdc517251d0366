// Sent when a seat is confirmed (enrolled, including re-enrolling after a cancellation).
import { Text } from "@react-email/components";
import { EmailLayout, type EmailProps, previewProps } from "./_layout.tsx";
import { TicketBlock } from "./_ticket.tsx";

export default function EnrollmentConfirmed(props: EmailProps) {
  return (
    <EmailLayout preview={`Your seat at ${props.event.title} is confirmed.`} heading={`You are in`} props={props}>
      <Text>Your seat is confirmed. We look forward to seeing you.</Text>
      <TicketBlock ticket={props.ticket} />
    </EmailLayout>
  );
}

EnrollmentConfirmed.PreviewProps = previewProps;
