/** A plain email: the text part is always present; html is optional. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}
