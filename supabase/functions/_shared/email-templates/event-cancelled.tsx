// Sent to everyone enrolled or waitlisted when the event is cancelled.
import { Text } from "@react-email/components";
import { EmailLayout, type EmailProps, previewProps } from "./_layout.tsx";

export default function EventCancelled(props: EmailProps) {
  return (
    <EmailLayout preview={`${props.event.title} has been cancelled by its organizers.`} heading={`This event is cancelled`} props={props}>
      <Text>The organizers cancelled this event. Your place is released and there is nothing you need to do.</Text>
    </EmailLayout>
  );
}

EventCancelled.PreviewProps = previewProps;
