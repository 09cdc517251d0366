// The frame of the account emails Supabase Auth asks us to send (Send Email hook): a code and/or a
// link, what it is for, and how long it is valid.
import { Body, Button, Container, Head, Heading, Hr, Html, Preview, Text } from "@react-email/components";

export interface AuthEmailProps {
  /** The 6-digit one-time code, when the email carries one. */
  code: string | null;
  /** The link that confirms the action (Supabase Auth's /verify endpoint). */
  actionUrl: string;
  /** For email changes: the new address. */
  newEmail?: string | null;
  validMinutes: number;
}

const main = { backgroundColor: "#f6f7f9", fontFamily: "Helvetica, Arial, sans-serif", color: "#1f2933" };
const card = { backgroundColor: "#ffffff", borderRadius: "8px", padding: "24px", margin: "24px auto", maxWidth: "560px" };
const codeStyle = { fontSize: "28px", letterSpacing: "6px", fontWeight: "bold", fontFamily: "monospace" };
const muted = { color: "#66788a", fontSize: "12px", lineHeight: "18px" };

/** What each email says; the hook's email_action_type picks one. */
export const authCopy = {
  signup: {
    subject: "Confirm your GatherHub account",
    heading: "Confirm your email",
    intro: "Welcome to GatherHub! Confirm your email address to finish signing up.",
    button: "Confirm my email",
  },
  sign_in_code: {
    subject: "Your GatherHub sign-in code",
    heading: "Your sign-in code",
    intro: "Use this code (or the link) to sign in to GatherHub.",
    button: "Sign in",
  },
  magic_link: {
    subject: "Your GatherHub sign-in link",
    heading: "Your sign-in link",
    intro: "Use this link to sign in to GatherHub.",
    button: "Sign in",
  },
  email_change: {
    subject: "Confirm your new GatherHub email address",
    heading: "Confirm your new email address",
    intro: "Confirm the change of your GatherHub email address.",
    button: "Confirm the change",
  },
  recovery: {
    subject: "Reset your GatherHub password",
    heading: "Reset your password",
    intro: "Someone (hopefully you) asked to reset your GatherHub password.",
    button: "Choose a new password",
  },
} as const;
export type AuthEmailKind = keyof typeof authCopy;

export function AuthEmail({ kind, ...props }: AuthEmailProps & { kind: AuthEmailKind }) {
  const copy = authCopy[kind];
  const intro = props.newEmail ? `${copy.intro} New address: ${props.newEmail}.` : copy.intro;
  return (
    <Html lang="en">
      <Head />
      <Preview>{copy.heading}</Preview>
      <Body style={main}>
        <Container style={card}>
          <Text style={{ fontWeight: "bold", color: "#3b5bdb" }}>GatherHub</Text>
          <Heading as="h1" style={{ fontSize: "22px" }}>
            {copy.heading}
          </Heading>
          <Text>{intro}</Text>
          {props.code ? (
            <>
              <Text>Your code:</Text>
              <Text style={codeStyle}>{props.code}</Text>
            </>
          ) : null}
          <Button
            href={props.actionUrl}
            style={{ backgroundColor: "#3b5bdb", color: "#ffffff", padding: "12px 20px", borderRadius: "6px" }}
          >
            {copy.button}
          </Button>
          <Text style={muted}>Or open this link: {props.actionUrl}</Text>
          <Hr />
          <Text style={muted}>
            This {props.code ? "code and link are" : "link is"} valid for {props.validMinutes} minutes. If you did not ask for this email,
            you can ignore it: nothing changes without it.
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

export const authPreviewProps: AuthEmailProps = {
  code: "482913",
  actionUrl: "http://127.0.0.1:54321/auth/v1/verify?token=pkce_abc&type=signup&redirect_to=http://127.0.0.1:3000",
  validMinutes: 5,
};
