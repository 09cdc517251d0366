// Account email (Send Email hook), previewable on its own: recovery.
import { AuthEmail, type AuthEmailProps, authPreviewProps } from "./_auth-layout.tsx";

export default function Recovery(props: AuthEmailProps) {
  return <AuthEmail kind="recovery" {...props} />;
}
Recovery.PreviewProps = authPreviewProps;
