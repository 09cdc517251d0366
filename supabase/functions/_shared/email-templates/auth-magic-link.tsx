// Account email (Send Email hook), previewable on its own: magic link.
import { AuthEmail, type AuthEmailProps, authPreviewProps } from "./_auth-layout.tsx";

export default function MagicLink(props: AuthEmailProps) {
  return <AuthEmail kind="magic_link" {...props} />;
}
MagicLink.PreviewProps = authPreviewProps;
