// Account email (Send Email hook), previewable on its own: email change.
import { AuthEmail, type AuthEmailProps, authPreviewProps } from "./_auth-layout.tsx";

export default function EmailChange(props: AuthEmailProps) {
  return <AuthEmail kind="email_change" {...props} />;
}
EmailChange.PreviewProps = authPreviewProps;
