// Account email (Send Email hook), previewable on its own: signup.
import { AuthEmail, type AuthEmailProps, authPreviewProps } from "./_auth-layout.tsx";

export default function ConfirmSignup(props: AuthEmailProps) {
  return <AuthEmail kind="signup" {...props} />;
}
ConfirmSignup.PreviewProps = authPreviewProps;
