// Sent once, an hour after enrolling, by the pg_cron job email-enqueue-scheduled.
import { Text } from "@react-email/components";
import { EmailLayout, type EmailProps, previewProps } from "./_layout.tsx";

export default function EnrollmentFollowUp(props: EmailProps) {
  return (
    <EmailLayout preview={`A few things to know before ${props.event.title}.`} heading={`Getting ready`} props={props}>
      <Text>Thanks for enrolling. Add the event to your calendar so you do not miss it, and check the location before you leave.</Text>
    </EmailLayout>
  );
}

EnrollmentFollowUp.PreviewProps = previewProps;
