// The ticket of a confirmation email: a QR code to show at the door and the code beneath it.
import { Img, Section, Text } from "@react-email/components";
import type { EmailProps } from "./_layout.tsx";

export function TicketBlock({ ticket }: { ticket: EmailProps["ticket"] }) {
  if (!ticket) return null;
  return (
    <Section style={{ textAlign: "center", margin: "16px 0" }}>
      <Text>Your ticket: show this QR code at the door.</Text>
      <Img src={ticket.qrDataUri} alt={`Ticket ${ticket.code}`} width="240" height="240" style={{ margin: "0 auto" }} />
      <Text style={{ fontFamily: "monospace", fontSize: "11px", wordBreak: "break-all" }}>Ticket code: {ticket.code}</Text>
    </Section>
  );
}
