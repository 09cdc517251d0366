// Sent when the enrollment (seat or waitlist place) is cancelled.
import { Text } from "@react-email/components";
import { EmailLayout, type EmailProps, previewProps } from "./_layout.tsx";

export default function EnrollmentCancelled(props: EmailProps) {
  return (
    <EmailLayout preview={`You no longer have a place at ${props.event.title}.`} heading={`Your enrollment is cancelled`} props={props}>
      <Text>Your place is cancelled. Changed your mind? Enroll again while seats are free.</Text>
    </EmailLayout>
  );
}

EnrollmentCancelled.PreviewProps = previewProps;
