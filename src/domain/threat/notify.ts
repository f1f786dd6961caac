import type { NotifyConfigurationType, NotifyEmailType } from '@aws-sdk/client-cognito-identity-provider';
import type { PoolRecord, UserRecord } from '../../store/types.js';
import type { Deps } from '../deps.js';

/**
 * The risk notification email (docs/threat-protection.md "Notifications"): the template of the action taken, with
 * Cognito's placeholders, and one-click feedback links served by cognate (http/server.ts, GET
 * /<poolId>/auth-event-feedback). A user without an email address gets none.
 */
export type NotifiedAction = 'BLOCK' | 'MFA' | 'NO_ACTION';

const DEFAULTS: Record<NotifiedAction, { subject: string; text: string }> = {
  BLOCK: {
    subject: 'Blocked sign-in attempt',
    text: 'We blocked an unrecognized sign-in to your account {username} from {ip-address} at {login-time}. If this was you, follow {one-click-link-valid}. If it was not, follow {one-click-link-invalid} and change your password.',
  },
  MFA: {
    subject: 'New sign-in attempt',
    text: 'We asked for an additional verification for a sign-in to your account {username} from {ip-address} at {login-time}. If this was you, follow {one-click-link-valid}. If it was not, follow {one-click-link-invalid}.',
  },
  NO_ACTION: {
    subject: 'New sign-in attempt',
    text: 'We noticed a new sign-in to your account {username} from {ip-address} at {login-time}. If this was you, follow {one-click-link-valid}. If it was not, follow {one-click-link-invalid}.',
  },
};

export function feedbackLink(deps: Pick<Deps, 'issuer'>, pool: PoolRecord, user: UserRecord, eventId: string, token: string, value: 'valid' | 'invalid'): string {
  const q = new URLSearchParams({ username: user.username, event_id: eventId, token, value });
  return `${deps.issuer(pool.id)}/auth-event-feedback?${q.toString()}`;
}

export async function sendRiskNotification(
  deps: Pick<Deps, 'delivery' | 'issuer' | 'log' | 'clock'>,
  pool: PoolRecord,
  user: UserRecord,
  config: NotifyConfigurationType | undefined,
  action: NotifiedAction,
  event: { eventId: string; token: string; ipAddress?: string; deviceName?: string },
): Promise<void> {
  const to = user.attributes.email;
  if (!to) return;
  const template: NotifyEmailType | undefined = action === 'BLOCK' ? config?.BlockEmail : action === 'MFA' ? config?.MfaEmail : config?.NoActionEmail;
  const values: Record<string, string> = {
    username: user.username,
    'ip-address': event.ipAddress ?? '',
    'login-time': new Date(deps.clock.now()).toISOString(),
    'device-name': event.deviceName ?? '',
    city: '',
    country: '',
    'one-click-link-valid': feedbackLink(deps, pool, user, event.eventId, event.token, 'valid'),
    'one-click-link-invalid': feedbackLink(deps, pool, user, event.eventId, event.token, 'invalid'),
  };
  const fill = (text: string) => text.replace(/\{([a-z-]+)\}/g, (m, name: string) => values[name] ?? m);
  const subject = template?.Subject ?? DEFAULTS[action].subject;
  const body = template?.TextBody ?? DEFAULTS[action].text;
  try {
    await deps.delivery.send({ poolId: pool.id, username: user.username, channel: 'EMAIL', destination: to, subject: fill(subject), body: fill(body), purpose: 'risk-notification' });
  } catch (e) {
    // A notification is a courtesy: its failure does not change the sign-in's outcome.
    deps.log.warn('risk notification not delivered', { poolId: pool.id, eventId: event.eventId, error: e instanceof Error ? e.message : String(e) });
  }
}
