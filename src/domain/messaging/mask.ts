/**
 * Masked destinations, as Cognito shows them in CodeDeliveryDetails.Destination and CODE_DELIVERY_DESTINATION
 * (docs/compatibility.md "Masked destinations"). One function per channel, used by every delivery and by the
 * invented deliveries that hide whether a user exists.
 */

/** `+` and a star for every digit but the last four: `+********4114` (captured from the service). */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/^\+/, '');
  return `+${'*'.repeat(Math.max(0, digits.length - 4))}${digits.slice(-4)}`;
}

/**
 * First character of the local part, `***@`, first character of the domain, `***`, and nothing of the top-level
 * domain: `t***@t***` for test@test.com (the AWS CLI's examples show `a***@e***`).
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***@${email[at + 1] ?? ''}***`;
}

export function maskDestination(channel: 'SMS' | 'EMAIL', destination: string): string {
  return channel === 'EMAIL' ? maskEmail(destination) : maskPhone(destination);
}
