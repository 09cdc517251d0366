// Sent to everyone enrolled or waitlisted when the event moves in time or place.
import { Text } from "@react-email/components";
import { EmailLayout, type EmailProps, localTime, place, previewProps } from "./_layout.tsx";

export default function EventChanged(props: EmailProps) {
  const { previous } = props;
  return (
    <EmailLayout preview={`${props.event.title} has a new time or place.`} heading="The time or place changed" props={props}>
      <Text>The organizers changed this event. The details below are the new ones.</Text>
      {previous ? (
        <Text style={{ color: "#66788a" }}>
          Before: {localTime(previous.startsAt, previous.timezone)} at {place(previous.location, previous.onlineUrl)}
        </Text>
      ) : null}
    </EmailLayout>
  );
}

EventChanged.PreviewProps = {
  ...previewProps,
  previous: { startsAt: "2027-03-28T08:00:00Z", timezone: "Europe/Berlin", location: "Volkspark Friedrichshain", onlineUrl: null },
} satisfies EmailProps;
