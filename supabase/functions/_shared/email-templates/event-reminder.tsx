// Sent once, an hour before the event starts, by the pg_cron job email-enqueue-scheduled.
import { Text } from "@react-email/components";
import { EmailLayout, type EmailProps, previewProps } from "./_layout.tsx";

export default function EventReminder(props: EmailProps) {
  return (
    <EmailLayout preview={`${props.event.title} starts in one hour.`} heading={`Starting in one hour`} props={props}>
      <Text>A reminder: your event starts in one hour.</Text>
    </EmailLayout>
  );
}

EventReminder.PreviewProps = previewProps;
