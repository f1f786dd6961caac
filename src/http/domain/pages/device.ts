import type { Deps } from '../../../domain/deps.js';
import { getDevice } from '../../../domain/devices/devices.js';
import { asksBeforeRemembering, offersToRememberDevice, rememberBrowser, type BrowserDevice } from '../../../domain/hosted/remembered-device.js';
import type { HostedRequest } from '../../../domain/hosted/sign-in.js';
import { findUser } from '../../../domain/users/users.js';
import type { PoolRecord, UserRecord } from '../../../store/types.js';
import { html, type Html } from './html.js';
import { clearCookie, DEVICE_COOKIE, DEVICE_COOKIE_SECONDS, openDevice, sealDevice, setCookie, type CookieOptions } from './state.js';

/**
 * The pages' side of "Remember this device" (domain/hosted/remembered-device.ts): the checkbox on the MFA pages, the
 * device cookie, and which device a sign-in names.
 */

/** The MFA steps after which the browser may be remembered (a remembered device replaces exactly these). */
const MFA_STEPS = new Set(['SOFTWARE_TOKEN_MFA', 'SMS_MFA', 'EMAIL_OTP', 'MFA_SETUP_TOTP']);

/** The "Remember this device" checkbox of an MFA page, where the pool asks the person (User opt-in). */
export function rememberDeviceChoice(pool: PoolRecord, step: string): Html | '' {
  if (!MFA_STEPS.has(step) || !offersToRememberDevice(pool) || !asksBeforeRemembering(pool)) return '';
  return html`<label class="check label-customizable"><input type="checkbox" name="remember_device" value="yes"> Remember this device</label>`;
}

/** Whether a posted MFA page leads to remembering the browser: the person ticked the box, or the pool always remembers. */
export function wantsToRememberDevice(pool: PoolRecord, step: string, form: URLSearchParams): boolean {
  if (!MFA_STEPS.has(step) || !offersToRememberDevice(pool)) return false;
  return !asksBeforeRemembering(pool) || form.get('remember_device') === 'yes';
}

/**
 * The device a sign-in as `username` names: the browser's remembered device when it is that user's and still exists
 * (forgotten or another user's: none, and the stale cookie is cleared).
 */
export async function browserDeviceFor(
  deps: Deps,
  pool: PoolRecord,
  cookies: Readonly<Record<string, string>>,
  username: string,
  cookieOpts: CookieOptions,
  setCookies: string[],
): Promise<BrowserDevice | undefined> {
  const saved = openDevice(deps, pool.id, cookies[DEVICE_COOKIE]);
  if (!saved) return undefined;
  const user = await findUser(deps, pool, username);
  if (!user || user.sub !== saved.sub) return undefined;
  try {
    await getDevice(deps, user, saved.deviceKey);
    return saved;
  } catch {
    setCookies.push(clearCookie(DEVICE_COOKIE, cookieOpts));
    return undefined;
  }
}

/** Makes the browser a remembered device of `user` and keeps it in the device cookie; its key, for the tokens. */
export async function rememberThisBrowser(
  deps: Deps,
  req: HostedRequest,
  user: UserRecord,
  userAgent: string | undefined,
  cookieOpts: CookieOptions,
  setCookies: string[],
): Promise<string | undefined> {
  // The device's name in ListDevices: what Amplify names a web app's device, its user agent.
  const device = await rememberBrowser(deps, req, user, (userAgent ?? 'Browser').slice(0, 256));
  if (!device) return undefined;
  setCookies.push(setCookie(DEVICE_COOKIE, sealDevice(deps, req.pool.id, { sub: user.sub, ...device }), cookieOpts, DEVICE_COOKIE_SECONDS));
  return device.deviceKey;
}
