// The ticket block of confirmation emails: the code from the outbox payload (the database signs
// it) rendered as a QR code PNG data URI, so templates stay pure and synchronous.
// @deno-types="npm:@types/qrcode@1.5.6"
import QRCode from "qrcode";

export interface EmailTicket {
  code: string;
  qrDataUri: string;
}

export async function ticketFromPayload(payload: Record<string, unknown>): Promise<EmailTicket | null> {
  const code = payload.ticket_code;
  if (typeof code !== "string" || code === "") return null;
  const qrDataUri = await QRCode.toDataURL(code, { errorCorrectionLevel: "M", margin: 2, width: 240 });
  return { code, qrDataUri };
}
