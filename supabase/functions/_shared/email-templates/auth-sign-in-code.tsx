// Account email (Send Email hook), previewable on its own: sign in code.
import { AuthEmail, type AuthEmailProps, authPreviewProps } from "./_auth-layout.tsx";

export default function SignInCode(props: AuthEmailProps) {
  return <AuthEmail kind="sign_in_code" {...props} />;
}
SignInCode.PreviewProps = authPreviewProps;
