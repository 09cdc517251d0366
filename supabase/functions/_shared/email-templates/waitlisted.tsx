// Sent when the event is full and the reader joins its waitlist.
import { Text } from "@react-email/components";
import { EmailLayout, type EmailProps, previewProps } from "./_layout.tsx";

export default function Waitlisted(props: EmailProps) {
  const position = props.waitlistPosition ? ` You are number ${props.waitlistPosition} in line.` : "";
  return (
    <EmailLayout preview={`You are on the waitlist for ${props.event.title}.`} heading="You are on the waitlist" props={props}>
      <Text>The event is full, so you are on its waitlist.{position} If a seat frees up it is yours, and we will email you at once.</Text>
    </EmailLayout>
  );
}

Waitlisted.PreviewProps = { ...previewProps, waitlistPosition: 3 } satisfies EmailProps;
