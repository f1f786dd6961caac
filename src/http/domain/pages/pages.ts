import type { EffectiveBranding } from '../../../domain/branding/branding.js';
import { effectiveBranding } from '../../../domain/branding/branding.js';
import type { Deps } from '../../../domain/deps.js';
import { isCognitoError } from '../../../domain/errors.js';
import {
  addPasskey,
  answerChallenge,
  beginTotpSetup,
  finishTotpSetup,
  offersOtherFactors,
  offersPasskey,
  passkeyCreationOptions,
  signInWithPassword,
  startChoice,
  type HostedRequest,
  type HostedStep,
} from '../../../domain/hosted/sign-in.js';
import { otpauthUri } from '../../../domain/mfa/totp.js';
import { allowAdminCreateUserOnly, autoVerifiedAttributes, schemaAttributes, usernameAttributes } from '../../../domain/pools/config.js';
import type { RequestContext } from '../../../operations/operation.js';
import { authorizeParameters, checkAuthorizeRequest, type AuthorizeRequest } from '../../../domain/oauth/authorize.js';
import { completeAuthorization } from '../../../domain/oauth/complete.js';
import type { DomainRequestContext, DomainResponse, DomainRoute } from '../router.js';
import type { ClientRecord, PoolRecord, UserRecord } from '../../../store/types.js';
import { randomString, randomUuid } from '../../../platform/random.js';
import { findUser, usernameKey } from '../../../domain/users/users.js';
import { errorBox, field, form, html, page, raw, submit, type Html } from './html.js';
import { callOperation, secretHashFor } from './operations.js';
import { PASSKEY_CREATE_SCRIPT, PASSKEY_GET_SCRIPT } from './passkey-script.js';
import { providerButtons, supportsCognito } from '../provider-buttons.js';
import { proveBrowserDevice } from '../../../domain/hosted/remembered-device.js';
import { browserDeviceFor, rememberDeviceChoice, rememberThisBrowser, wantsToRememberDevice } from './device.js';
import {
  clearCookie,
  csrfCookie,
  csrfToken,
  FLOW_COOKIE,
  isCsrfValid,
  openFlow,
  openSso,
  sealFlow,
  sealSso,
  setCookie,
  SSO_COOKIE,
  SSO_SECONDS,
  CSRF_COOKIE,
  type CookieOptions,
  type FlowState,
} from './state.js';

/**
 * Managed login: the pages a person signs up, signs in, recovers a password and sets up MFA with, under the pool's
 * domain (docs/hosted-ui.md). Every step drives cognate's own operations and sign-in state machine
 * (domain/hosted/sign-in.ts); the pages add only what a browser needs: forms, CSRF tokens, the step in a sealed
 * cookie, the single sign-on cookie, and the authorization code at the end.
 *
 * Paths are Cognito's (/login, /signup, /confirmUser, /forgotPassword, /confirmForgotPassword); the steps of a sign-in
 * after the first (MFA, a new password, a factor to choose, passkeys) are all shown at /challenge. Every page keeps the
 * authorize request's query string, as Cognito's do, so that it can send the person back to the app.
 */
/** A domain request as the pages see it: the router's context. */
export type PageRequest = DomainRequestContext;
export type PageResponse = DomainResponse;

export const PAGE_PATHS = ['/login', '/signup', '/confirmUser', '/forgotPassword', '/confirmForgotPassword', '/challenge'] as const;

const GENERIC_ERROR = 'An error was encountered with the requested page.';

interface Visit {
  req: PageRequest;
  /** The request context the operations the pages call take. */
  op: RequestContext;
  deps: Deps;
  pool: PoolRecord;
  client: ClientRecord;
  /** The authorization request the page continues (checked again on every request: it comes from the browser). */
  authorize: AuthorizeRequest;
  branding: EffectiveBranding;
  cookieOpts: CookieOptions;
  csrf: string;
  setCookies: string[];
  /** `?<the authorize parameters>` for links and form actions. */
  qs: string;
  hosted: HostedRequest;
}

export async function handlePage(req: PageRequest): Promise<PageResponse> {
  const { deps } = req;
  const cookieOpts: CookieOptions = { path: `${req.basePath}/`, secure: req.secure };
  const csrfValue = csrfCookie(deps, req.cookies);
  const setCookies = csrfValue.fresh ? [setCookie(CSRF_COOKIE, csrfValue.value, cookieOpts)] : [];
  // The same checks as /oauth2/authorize: /login's parameters come from the browser and may have been changed.
  const check = await checkAuthorizeRequest(deps, req.pool, req.query);
  if (!check.ok) {
    if (check.kind === 'redirect') return { status: 302, headers: { location: check.location, ...(setCookies.length ? { 'set-cookie': setCookies } : {}) } };
    const params = new URLSearchParams({ error: check.error, ...(check.clientId ? { client_id: check.clientId } : {}) });
    return { status: 302, headers: { location: `${req.baseUrl}/error?${params}` } };
  }
  const client = check.request.client;
  const branding = await effectiveBranding(deps, req.pool.id, client.clientId);
  const v: Visit = {
    req,
    op: { requestId: randomUuid(deps.random), sourceIp: req.sourceIp, deps, services: req.services },
    deps,
    pool: req.pool,
    client,
    authorize: check.request,
    branding,
    cookieOpts,
    csrf: csrfToken(deps, csrfValue.value),
    setCookies,
    qs: `?${authorizeParameters(req.query).toString()}`,
    hosted: { pool: req.pool, client, sourceIp: req.sourceIp },
  };
  if (req.method === 'POST' && !isCsrfValid(deps, req.cookies, req.form.get('_csrf') ?? null)) {
    return respond(v, 403, pageFor(v, 'Sign in', html`<h1>Sign in</h1>${errorBox('Your session has expired. Please try again.')}<p class="links"><a href="${url(v, '/login')}">Back to sign in</a></p>`));
  }
  // A client without COGNITO in SupportedIdentityProviders signs people in through its external providers only: its
  // users have no native sign-up, confirmation, password reset or challenge (a POST there would reach the API's
  // native operations for this client). Its sign-in page shows the provider buttons.
  if (req.path !== '/login' && !supportsCognito(client)) return req.method === 'POST' ? loginPage(v, {}, 400) : redirect(v, url(v, '/login'));
  switch (req.path) {
    case '/login':
      return req.method === 'POST' ? postLogin(v) : getLogin(v);
    case '/signup':
      return req.method === 'POST' ? postSignUp(v) : showSignUp(v);
    case '/confirmUser':
      return req.method === 'POST' ? postConfirm(v) : showConfirm(v);
    case '/forgotPassword':
      return req.method === 'POST' ? postForgot(v) : showForgot(v);
    case '/confirmForgotPassword':
      return req.method === 'POST' ? postConfirmForgot(v) : showConfirmForgot(v);
    case '/challenge':
      return req.method === 'POST' ? postChallenge(v) : showChallenge(v);
    default:
      return respond(v, 404, pageFor(v, 'Error', html`<h1>Something went wrong</h1>${errorBox(GENERIC_ERROR)}`));
  }
}

/** The pages' routes in the domain's route table (http/domain/routes.ts). */
export const PAGE_ROUTES: readonly DomainRoute[] = PAGE_PATHS.flatMap((path) => (['GET', 'POST'] as const).map((method) => ({ method, path, handle: handlePage })));

// ---- responses ----

function url(v: Visit, path: string): string {
  return `${v.req.baseUrl}${path}${v.qs}`;
}

function pageFor(v: Visit, title: string, body: Html, script?: string): string {
  const nonce = script ? randomString(v.deps.random, 22, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789') : undefined;
  return page({ title, branding: v.branding, logoBase: v.deps.issuer(v.pool.id), body, ...(script && nonce ? { script, scriptNonce: nonce } : {}) });
}

const SECURITY_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

/**
 * No `form-action`: Chromium applies it to the redirect that follows a form post, and the last one goes to the app's
 * callback URL. Scripts only with the page's nonce (the passkey pages).
 */
function respond(v: Visit, status: number, body: string): PageResponse {
  const nonce = /<script nonce="([^"]+)">/.exec(body)?.[1];
  const csp = `default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data: https: http:; frame-ancestors 'none'; base-uri 'none'${
    nonce ? `; script-src 'nonce-${nonce}'` : ''
  }`;
  return { status, headers: { ...SECURITY_HEADERS, 'content-security-policy': csp, ...(v.setCookies.length ? { 'set-cookie': v.setCookies } : {}) }, body };
}

function redirect(v: Visit, location: string, status = 303): PageResponse {
  return { status, headers: { location, 'cache-control': 'no-store', ...(v.setCookies.length ? { 'set-cookie': v.setCookies } : {}) }, body: '' };
}


function setFlow(v: Visit, state: Omit<FlowState, 'exp'>): void {
  v.setCookies.push(setCookie(FLOW_COOKIE, sealFlow(v.deps, v.pool.id, v.client.clientId, state), v.cookieOpts));
}

function clearFlow(v: Visit): void {
  v.setCookies.push(clearCookie(FLOW_COOKIE, v.cookieOpts));
}

function flowOf(v: Visit): FlowState | undefined {
  return openFlow(v.deps, v.pool.id, v.client.clientId, v.req.cookies[FLOW_COOKIE]);
}

/** The message a page shows for a refused step: Cognito's text where the API has it. */
function messageOf(e: unknown): string {
  if (isCognitoError(e)) return e.message;
  throw e;
}

// ---- sign-in ----

async function getLogin(v: Visit): Promise<PageResponse> {
  const sso = openSso(v.deps, v.pool.id, v.req.cookies[SSO_COOKIE]);
  if (sso && v.authorize.prompt !== 'login') {
    const user = await v.deps.store.users.get(v.pool.id, usernameKey(v.pool, sso.username));
    if (user && user.sub === sso.sub && user.enabled) return sendBack(v, user, sso.authTime, []);
  }
  const flow = flowOf(v);
  const notice = flow?.step === 'NOTICE' ? flow.parameters?.message : undefined;
  return loginPage(v, { username: flow?.username ?? v.authorize.loginHint ?? '', notice });
}

function loginPage(v: Visit, o: { username?: string; error?: string; notice?: string }, status = 200): PageResponse {
  const usernameLabel = usernameAttributes(v.pool).includes('email') ? 'Email address' : 'Username';
  const others = offersOtherFactors(v.pool, v.client);
  // Federation: the client's external providers as buttons; without COGNITO they are the only way in.
  const cognito = supportsCognito(v.client);
  const providers = providerButtons(v.req.baseUrl, v.req.query, v.client, { primary: !cognito });
  const body = html`<h1>Sign in</h1>
${o.notice ? html`<p class="hint textDescription-customizable" role="status">${o.notice}</p>` : ''}
${errorBox(o.error)}
${!cognito ? providers : form(
  url(v, '/login'),
  v.csrf,
  html`${field({ name: 'username', label: usernameLabel, autocomplete: 'username', value: o.username ?? '', autofocus: !o.username })}
${field({ name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password', required: false, autofocus: Boolean(o.username) })}
${submit('Sign in', { name: 'action', value: 'password' })}
${others ? html`<div class="divider">or</div>${submit('Other sign-in options', { name: 'action', value: 'options', secondary: true })}` : ''}`,
)}
${cognito && providers.html ? html`<div class="divider">or</div>${providers}` : ''}
${cognito ? html`<div class="links">
<p><a class="redirect-customizable" href="${url(v, '/forgotPassword')}">Forgot your password?</a></p>
${canSignUp(v.pool) ? html`<p>Need an account? <a class="redirect-customizable" href="${url(v, '/signup')}">Sign up</a></p>` : ''}
</div>` : ''}`;
  return respond(v, status, pageFor(v, 'Sign in', body));
}

function canSignUp(pool: PoolRecord): boolean {
  return !allowAdminCreateUserOnly(pool);
}

async function postLogin(v: Visit): Promise<PageResponse> {
  const username = (v.req.form.get('username') ?? '').trim();
  const password = v.req.form.get('password') ?? '';
  const action = v.req.form.get('action') ?? 'password';
  // A client without COGNITO in SupportedIdentityProviders signs people in through its external providers only.
  if (!supportsCognito(v.client)) return loginPage(v, {}, 400);
  if (!username) return loginPage(v, { error: 'Please enter your username.' }, 400);
  if (action === 'options' && offersOtherFactors(v.pool, v.client)) {
    try {
      return await nextStep(v, username, await startChoice(v.deps, v.req.services, v.hosted, username), ['pwd']);
    } catch (e) {
      return loginPage(v, { username, error: messageOf(e) }, 400);
    }
  }
  if (!password) return loginPage(v, { username, error: 'Please enter your password.' }, 400);
  try {
    // A remembered browser names its device and proves it (device SRP): then MFA is skipped, as the API's rules say.
    const device = await browserDeviceFor(v.deps, v.pool, v.req.cookies, username, v.cookieOpts, v.setCookies);
    let step = await signInWithPassword(v.deps, v.req.services, v.hosted, username, password, device?.deviceKey);
    if (device && step.kind === 'challenge' && step.challenge === 'DEVICE_SRP_AUTH') step = await proveBrowserDevice(v.deps, v.req.services, v.hosted, username, step.session, device);
    return await nextStep(v, username, step, ['pwd'], device && step.kind === 'signed-in' ? { deviceKey: device.deviceKey } : {});
  } catch (e) {
    if (isCognitoError(e) && e.type === 'UserNotConfirmedException') {
      setFlow(v, { step: 'CONFIRM_SIGN_UP', username });
      return redirect(v, url(v, '/confirmUser'));
    }
    if (isCognitoError(e) && e.type === 'PasswordResetRequiredException') {
      setFlow(v, { step: 'CONFIRM_FORGOT', username });
      return redirect(v, url(v, '/forgotPassword'));
    }
    return loginPage(v, { username, error: messageOf(e) }, 400);
  }
}

/** Where a sign-in step leads: the next challenge's page, or back to the app (perhaps after the passkey offer). */
async function nextStep(v: Visit, username: string, step: HostedStep, amr: string[], device: DeviceChoice = {}): Promise<PageResponse> {
  if (step.kind === 'signed-in') return signedIn(v, step.user, amr, device);
  let state: Omit<FlowState, 'exp'> = {
    step: step.challenge,
    username,
    session: step.session,
    parameters: step.parameters,
    ...(step.available ? { available: step.available } : {}),
  };
  if (step.challenge === 'MFA_SETUP') {
    // One factor to set up: its page at once; TOTP and email both: the person chooses (the MFA_SETUP page).
    const choices = setupChoices(state);
    if (!choices.includes('EMAIL_OTP')) {
      if (choices.includes('SOFTWARE_TOKEN_MFA')) state = await withTotpSetup(v, state);
    } else if (!choices.includes('SOFTWARE_TOKEN_MFA')) state = { ...state, step: 'MFA_SETUP_EMAIL' };
  }
  setFlow(v, state);
  return redirect(v, url(v, '/challenge'));
}

/** MFA_SETUP by TOTP begins: a new secret is associated and shown (the setup's session continues). */
async function withTotpSetup(v: Visit, state: Omit<FlowState, 'exp'>): Promise<Omit<FlowState, 'exp'>> {
  const setup = await beginTotpSetup(v.deps, state.session ?? '');
  return { ...state, step: 'MFA_SETUP_TOTP', session: setup.session, secret: setup.secret };
}

function setupChoices(state: Pick<FlowState, 'parameters'>): string[] {
  try {
    const list = JSON.parse(state.parameters?.MFAS_CAN_SETUP ?? '[]') as unknown;
    return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** The browser's device at the end of a sign-in: the remembered one it proved, or one to remember now (after MFA). */
interface DeviceChoice {
  deviceKey?: string;
  remember?: boolean;
}

async function signedIn(v: Visit, user: UserRecord, amr: string[], device: DeviceChoice = {}): Promise<PageResponse> {
  const authTime = v.deps.clock.now();
  const userAgent = v.req.headers['user-agent'];
  const deviceKey = device.deviceKey ?? (device.remember ? await rememberThisBrowser(v.deps, v.hosted, user, userAgent, v.cookieOpts, v.setCookies) : undefined);
  v.setCookies.push(setCookie(SSO_COOKIE, sealSso(v.deps, v.pool.id, { sub: user.sub, username: user.username, authTime }), v.cookieOpts, SSO_SECONDS));
  if (await offersPasskey(v.deps, v.pool, v.client, user)) {
    setFlow(v, { step: 'PASSKEY_OFFER', username: user.username, authTime });
    return redirect(v, url(v, '/challenge'));
  }
  return sendBack(v, user, authTime, amr, deviceKey);
}

async function sendBack(v: Visit, user: UserRecord, authTime: number, amr: string[], deviceKey?: string): Promise<PageResponse> {
  clearFlow(v);
  try {
    const location = await completeAuthorization({ deps: v.deps, keys: v.req.keys, pool: v.pool }, v.authorize, {
      username: user.username,
      authTime,
      ...(amr.length ? { amr } : {}),
      ...(deviceKey ? { deviceKey } : {}),
    });
    return redirect(v, location, 302);
  } catch (e) {
    return respond(v, 400, pageFor(v, 'Error', html`<h1>Something went wrong</h1>${errorBox(messageOf(e))}`));
  }
}

// ---- the steps after the first factor ----

const CODE_CHALLENGES: Record<string, { key: string; title: string; describe: (p: Record<string, string>) => string }> = {
  SOFTWARE_TOKEN_MFA: {
    key: 'SOFTWARE_TOKEN_MFA_CODE',
    title: 'Enter the code from your authenticator app',
    describe: (p) => `Open your authenticator app${p.FRIENDLY_DEVICE_NAME ? ` (${p.FRIENDLY_DEVICE_NAME})` : ''} and enter the 6-digit code it shows.`,
  },
  SMS_MFA: { key: 'SMS_MFA_CODE', title: 'Enter the code we texted you', describe: (p) => `We sent a code to ${p.CODE_DELIVERY_DESTINATION ?? 'your phone'}.` },
  EMAIL_OTP: { key: 'EMAIL_OTP_CODE', title: 'Enter the code we emailed you', describe: (p) => `We sent a code to ${p.CODE_DELIVERY_DESTINATION ?? 'your email address'}.` },
  SMS_OTP: { key: 'SMS_OTP_CODE', title: 'Enter the code we texted you', describe: (p) => `We sent a code to ${p.CODE_DELIVERY_DESTINATION ?? 'your phone'}.` },
};

const FACTOR_LABELS: Record<string, string> = {
  SOFTWARE_TOKEN_MFA: 'Authenticator app',
  SMS_MFA: 'Text message (SMS)',
  EMAIL_OTP: 'Email message',
  EMAIL_MFA: 'Email message',
  PASSWORD: 'Password',
  SMS_OTP: 'Text message (SMS)',
  WEB_AUTHN: 'Passkey',
};

async function showChallenge(v: Visit, error?: string, status = 200): Promise<PageResponse> {
  const flow = flowOf(v);
  if (!flow || !flow.step) return loginPage(v, { error: 'Your session has expired. Please sign in again.' }, 400);
  const p = flow.parameters ?? {};
  const code = CODE_CHALLENGES[flow.step];
  if (code) {
    const body = html`<h1>${code.title}</h1><p class="textDescription-customizable">${code.describe(p)}</p>${errorBox(error)}${form(
      url(v, '/challenge'),
      v.csrf,
      html`${field({ name: 'code', label: 'Code', autocomplete: 'one-time-code', inputmode: 'numeric', autofocus: true })}${rememberDeviceChoice(v.pool, flow.step)}${submit('Sign in')}`,
    )}<p class="links"><a href="${url(v, '/login')}">Back to sign in</a></p>`;
    return respond(v, status, pageFor(v, code.title, body));
  }
  switch (flow.step) {
    case 'MFA_SETUP_TOTP':
      return respond(v, status, pageFor(v, 'Set up an authenticator app', await totpSetupBody(v, flow, error)));
    case 'MFA_SETUP': {
      const title = 'Set up multi-factor authentication';
      const options = setupChoices(flow).filter((f) => f === 'SOFTWARE_TOKEN_MFA' || f === 'EMAIL_OTP');
      const body = html`<h1>${title}</h1><p class="textDescription-customizable">Your account needs a second step at sign-in. Choose how you want to verify it is you.</p>${errorBox(error)}${form(
        url(v, '/challenge'),
        v.csrf,
        html`<fieldset><legend class="label-customizable">Set up</legend>${options.map((o) => submit(FACTOR_LABELS[o] ?? o, { name: 'answer', value: o, secondary: o !== options[0] }))}</fieldset>`,
      )}<p class="links"><a href="${url(v, '/login')}">Back to sign in</a></p>`;
      return respond(v, status, pageFor(v, title, body));
    }
    case 'MFA_SETUP_EMAIL': {
      const title = 'Set up email verification';
      const current = (await userOf(v, flow))?.attributes.email ?? '';
      const body = html`<h1>${title}</h1><p class="textDescription-customizable">We will email a code to this address when you sign in. Enter it to receive the first code now.</p>${errorBox(error)}${form(
        url(v, '/challenge'),
        v.csrf,
        html`${field({ name: 'email', label: 'Email address', type: 'email', autocomplete: 'email', value: current, autofocus: true })}${submit('Send code')}`,
      )}<p class="links"><a href="${url(v, '/login')}">Back to sign in</a></p>`;
      return respond(v, status, pageFor(v, title, body));
    }
    case 'SELECT_MFA_TYPE':
    case 'SELECT_CHALLENGE': {
      const options = flow.step === 'SELECT_MFA_TYPE' ? listOf(p.MFAS_CAN_CHOOSE) : (flow.available ?? []).filter((f) => f !== 'PASSWORD_SRP');
      const title = flow.step === 'SELECT_MFA_TYPE' ? 'Choose how to verify it is you' : 'Choose how to sign in';
      const body = html`<h1>${title}</h1>${errorBox(error)}${form(
        url(v, '/challenge'),
        v.csrf,
        html`<fieldset><legend class="label-customizable">Sign in as ${flow.username} with</legend>${options.map((o) =>
          submit(FACTOR_LABELS[o] ?? o, { name: 'answer', value: o, secondary: o !== options[0] }),
        )}</fieldset>`,
      )}<p class="links"><a href="${url(v, '/login')}">Back to sign in</a></p>`;
      return respond(v, status, pageFor(v, title, body));
    }
    case 'PASSWORD':
      return respond(
        v,
        status,
        pageFor(
          v,
          'Enter your password',
          html`<h1>Enter your password</h1>${errorBox(error)}${form(
            url(v, '/challenge'),
            v.csrf,
            html`${field({ name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password', autofocus: true })}${submit('Sign in')}`,
          )}`,
        ),
      );
    case 'NEW_PASSWORD_REQUIRED':
      return respond(v, status, pageFor(v, 'Change your password', newPasswordBody(v, flow, error)));
    case 'WEB_AUTHN':
      return respond(
        v,
        status,
        pageFor(
          v,
          'Sign in with a passkey',
          html`<h1>Sign in with a passkey</h1><p class="textDescription-customizable">Use the passkey saved on this device or your security key.</p>${errorBox(error)}${form(
            url(v, '/challenge'),
            v.csrf,
            html`<input type="hidden" name="credential" value=""><input type="hidden" id="options" value="${p.CREDENTIAL_REQUEST_OPTIONS ?? '{}'}">${submit('Continue with passkey')}`,
            { id: 'passkey' },
          )}<p class="links"><a href="${url(v, '/login')}">Back to sign in</a></p>`,
          PASSKEY_GET_SCRIPT,
        ),
      );
    case 'PASSKEY_OFFER': {
      const user = await userOf(v, flow);
      if (!user) return loginPage(v, { error: 'Your session has expired. Please sign in again.' }, 400);
      const options = await passkeyCreationOptions(v.deps, v.pool, user);
      return respond(
        v,
        status,
        pageFor(
          v,
          'Add a passkey',
          html`<h1>Add a passkey</h1><p class="textDescription-customizable">Sign in faster next time: a passkey uses your device's screen lock or a security key instead of a password.</p>${errorBox(
            error,
          )}${form(
            url(v, '/challenge'),
            v.csrf,
            html`<input type="hidden" name="credential" value=""><input type="hidden" id="options" value="${JSON.stringify(options)}">${submit('Add a passkey', {
              name: 'action',
              value: 'add',
            })}${submit('Not now', { name: 'action', value: 'skip', secondary: true })}`,
            { id: 'passkey' },
          )}`,
          PASSKEY_CREATE_SCRIPT,
        ),
      );
    }
    default:
      return loginPage(v, { error: 'Your session has expired. Please sign in again.' }, 400);
  }
}

function listOf(json: string | undefined): string[] {
  try {
    const list = JSON.parse(json ?? '[]') as unknown;
    return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

async function totpSetupBody(v: Visit, flow: FlowState, error?: string): Promise<Html> {
  const secret = flow.secret ?? '';
  const issuer = (v.pool as { name?: string }).name ?? v.pool.id;
  const uri = otpauthUri({ secret, accountName: flow.username, issuer });
  // Loaded on the first enrolment only (docs/performance.md, cold start).
  const { default: QRCode } = await import('qrcode');
  const svg = await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return html`<h1>Set up an authenticator app</h1>
<p class="textDescription-customizable">Your account needs a second step at sign-in. Set it up with an authenticator app (for example Google Authenticator, Microsoft Authenticator or 1Password).</p>
<p>Scan this QR code with the app:</p>
<div class="qr" role="img" aria-label="QR code for your authenticator app">${raw(svg.replace(/<\?xml[^>]*>/, ''))}</div>
<p>Or enter this key in the app instead:</p>
<p class="secret" id="totp-secret">${secret}</p>
${errorBox(error)}
${form(
  url(v, '/challenge'),
  v.csrf,
  html`${field({ name: 'code', label: 'Enter the 6-digit code the app shows', autocomplete: 'one-time-code', inputmode: 'numeric', autofocus: true })}${rememberDeviceChoice(v.pool, flow.step)}${submit('Verify and sign in')}`,
)}`;
}

function newPasswordBody(v: Visit, flow: FlowState, error?: string): Html {
  const required = listOf(flow.parameters?.requiredAttributes).map((n) => n.replace(/^userAttributes\./, ''));
  return html`<h1>Change your password</h1><p class="textDescription-customizable">Please enter a new password for ${flow.username}.</p>${errorBox(error)}${form(
    url(v, '/challenge'),
    v.csrf,
    html`${field({ name: 'new_password', label: 'New password', type: 'password', autocomplete: 'new-password', autofocus: true })}
${field({ name: 'confirm_password', label: 'Confirm new password', type: 'password', autocomplete: 'new-password' })}
${required.map((name) => field({ name: `attr:${name}`, label: attributeLabel(name), type: attributeType(name) }))}
${submit('Change password and sign in')}`,
  )}`;
}

async function userOf(v: Visit, flow: FlowState): Promise<UserRecord | undefined> {
  return findUser(v.deps, v.pool, flow.username);
}

async function postChallenge(v: Visit): Promise<PageResponse> {
  const flow = flowOf(v);
  if (!flow) return loginPage(v, { error: 'Your session has expired. Please sign in again.' }, 400);
  const form = v.req.form;
  const services = v.req.services;
  const answer = (responses: Record<string, string>, challenge = flow.step) =>
    answerChallenge(v.deps, services, v.hosted, { username: flow.username, challenge, session: flow.session ?? '', responses });
  try {
    const code = CODE_CHALLENGES[flow.step];
    if (code) {
      const value = (form.get('code') ?? '').trim();
      if (!value) return showChallenge(v, 'Please enter the code.', 400);
      return await nextStep(v, flow.username, await answer({ [code.key]: value }), amrFor(flow.step), { remember: wantsToRememberDevice(v.pool, flow.step, form) });
    }
    switch (flow.step) {
      case 'MFA_SETUP_TOTP': {
        const value = (form.get('code') ?? '').trim();
        if (!value) return showChallenge(v, 'Please enter the code.', 400);
        const step = await finishTotpSetup(v.deps, services, v.hosted, flow.username, flow.session ?? '', value);
        return await nextStep(v, flow.username, step, ['pwd', 'otp'], { remember: wantsToRememberDevice(v.pool, flow.step, form) });
      }
      case 'MFA_SETUP': {
        const chosen = form.get('answer') ?? '';
        if (!setupChoices(flow).includes(chosen)) return showChallenge(v, 'Please choose how to verify it is you.', 400);
        setFlow(v, chosen === 'SOFTWARE_TOKEN_MFA' ? await withTotpSetup(v, flow) : { ...flow, step: 'MFA_SETUP_EMAIL' });
        return redirect(v, url(v, '/challenge'));
      }
      case 'MFA_SETUP_EMAIL': {
        const email = (form.get('email') ?? '').trim();
        if (!email) return showChallenge(v, 'Please enter your email address.', 400);
        // MFA_SETUP answered with EMAIL: the EMAIL_OTP challenge follows, its code sent to that address.
        return await nextStep(v, flow.username, await answer({ EMAIL: email }, 'MFA_SETUP'), ['pwd']);
      }
      case 'SELECT_MFA_TYPE':
      case 'SELECT_CHALLENGE': {
        const chosen = form.get('answer') ?? '';
        if (flow.step === 'SELECT_CHALLENGE' && chosen === 'PASSWORD') {
          // The password is asked on its own page and sent with the answer, as the API takes it.
          setFlow(v, { ...flow, step: 'PASSWORD' });
          return redirect(v, url(v, '/challenge'));
        }
        return await nextStep(v, flow.username, await answer({ ANSWER: chosen }), ['pwd']);
      }
      case 'PASSWORD': {
        const password = form.get('password') ?? '';
        if (!password) return showChallenge(v, 'Please enter your password.', 400);
        return await nextStep(v, flow.username, await answer({ ANSWER: 'PASSWORD', PASSWORD: password }, 'SELECT_CHALLENGE'), ['pwd']);
      }
      case 'NEW_PASSWORD_REQUIRED': {
        const password = form.get('new_password') ?? '';
        if (password !== (form.get('confirm_password') ?? '')) return showChallenge(v, 'Passwords do not match.', 400);
        const responses: Record<string, string> = { NEW_PASSWORD: password };
        for (const [name, value] of form) if (name.startsWith('attr:') && value) responses[`userAttributes.${name.slice(5)}`] = value;
        return await nextStep(v, flow.username, await answer(responses), ['pwd']);
      }
      case 'WEB_AUTHN':
        return await nextStep(v, flow.username, await answer({ CREDENTIAL: form.get('credential') ?? '' }), ['webauthn']);
      case 'PASSKEY_OFFER': {
        const user = await userOf(v, flow);
        if (!user) return loginPage(v, { error: 'Your session has expired. Please sign in again.' }, 400);
        if (form.get('action') === 'add') await addPasskey(v.deps, v.pool, user, form.get('credential') ?? '');
        return sendBack(v, user, flow.authTime ?? v.deps.clock.now(), ['pwd']);
      }
      default:
        return loginPage(v, { error: 'Your session has expired. Please sign in again.' }, 400);
    }
  } catch (e) {
    const message = messageOf(e);
    // A used-up or expired session cannot be answered again: start over.
    if (/^Invalid session/.test(message)) {
      clearFlow(v);
      return loginPage(v, { username: flow.username, error: 'Your session has expired. Please sign in again.' }, 400);
    }
    return showChallenge(v, message, 400);
  }
}

function amrFor(challenge: string): string[] {
  return challenge === 'SMS_OTP' || challenge === 'EMAIL_OTP' ? ['otp'] : ['pwd', 'mfa'];
}

// ---- sign-up and confirmation ----

const ATTRIBUTE_LABELS: Record<string, string> = {
  email: 'Email address',
  phone_number: 'Phone number',
  name: 'Name',
  given_name: 'Given name',
  family_name: 'Family name',
  preferred_username: 'Preferred username',
  birthdate: 'Birthdate',
  address: 'Address',
  locale: 'Locale',
  nickname: 'Nickname',
};

const attributeLabel = (name: string) => ATTRIBUTE_LABELS[name] ?? name;
const attributeType = (name: string): 'email' | 'tel' | 'text' => (name === 'email' ? 'email' : name === 'phone_number' ? 'tel' : 'text');

/** The attributes the sign-up form asks for: the schema's required ones, and the email address or phone number codes go to. */
function signUpAttributes(pool: PoolRecord): string[] {
  const names = schemaAttributes(pool)
    .filter((a) => a.Required && a.Name !== 'sub')
    .map((a) => a.Name!);
  const auto: string[] = autoVerifiedAttributes(pool);
  for (const a of ['email', 'phone_number']) if (auto.includes(a) && !names.includes(a)) names.push(a);
  // With the email address as the user name it is asked once, as the user name.
  return names.filter((n) => !usernameAttributes(pool).includes(n));
}

function showSignUp(v: Visit, o: { error?: string; values?: URLSearchParams } = {}, status = 200): PageResponse {
  const byEmail = usernameAttributes(v.pool).includes('email');
  const values = o.values;
  const body = html`<h1>Sign up</h1>${errorBox(o.error)}${form(
    url(v, '/signup'),
    v.csrf,
    html`${field({ name: 'username', label: byEmail ? 'Email address' : 'Username', type: byEmail ? 'email' : 'text', autocomplete: byEmail ? 'email' : 'username', value: values?.get('username') ?? '', autofocus: true })}
${signUpAttributes(v.pool).map((name) =>
  field({ name: `attr:${name}`, label: attributeLabel(name), type: attributeType(name), value: values?.get(`attr:${name}`) ?? '', autocomplete: name === 'email' ? 'email' : name === 'phone_number' ? 'tel' : undefined }),
)}
${field({ name: 'password', label: 'Password', type: 'password', autocomplete: 'new-password' })}
${submit('Sign up')}`,
  )}<p class="links">Already have an account? <a href="${url(v, '/login')}">Sign in</a></p>`;
  return respond(v, status, pageFor(v, 'Sign up', body));
}

async function postSignUp(v: Visit): Promise<PageResponse> {
  const f = v.req.form;
  const username = (f.get('username') ?? '').trim();
  const UserAttributes = signUpAttributes(v.pool)
    .map((Name) => ({ Name, Value: (f.get(`attr:${Name}`) ?? '').trim() }))
    .filter((a) => a.Value !== '');
  if (usernameAttributes(v.pool).includes('email') && username) UserAttributes.push({ Name: 'email', Value: username });
  try {
    const out = await callOperation(v.op, 'SignUp', {
      ClientId: v.client.clientId,
      Username: username,
      Password: f.get('password') ?? '',
      UserAttributes,
      ...secretHashFor(v.deps, v.client, username),
    });
    if ((out as { UserConfirmed?: boolean }).UserConfirmed) {
      setFlow(v, { step: 'NOTICE', username, parameters: { message: 'Your account is ready. Please sign in.' } });
      return redirect(v, url(v, '/login'));
    }
    const delivery = (out as { CodeDeliveryDetails?: { Destination?: string } }).CodeDeliveryDetails;
    setFlow(v, { step: 'CONFIRM_SIGN_UP', username, parameters: delivery?.Destination ? { destination: delivery.Destination } : {} });
    return redirect(v, url(v, '/confirmUser'));
  } catch (e) {
    return showSignUp(v, { error: messageOf(e), values: f }, 400);
  }
}

function showConfirm(v: Visit, error?: string, status = 200, notice?: string): PageResponse {
  const flow = flowOf(v);
  const username = flow?.username ?? '';
  const destination = flow?.parameters?.destination;
  const body = html`<h1>Confirm your account</h1>
<p class="textDescription-customizable">${destination ? `We sent a code to ${destination}. Enter it below to confirm your account.` : 'Enter the confirmation code we sent you.'}</p>
${notice ? html`<p class="hint" role="status">${notice}</p>` : ''}
${errorBox(error)}${form(
    url(v, '/confirmUser'),
    v.csrf,
    html`${username ? html`<input type="hidden" name="username" value="${username}">` : field({ name: 'username', label: 'Username', autocomplete: 'username' })}
${field({ name: 'code', label: 'Confirmation code', autocomplete: 'one-time-code', inputmode: 'numeric', autofocus: true })}
${submit('Confirm account', { name: 'action', value: 'confirm' })}
${submit('Send a new code', { name: 'action', value: 'resend', secondary: true })}`,
  )}<p class="links"><a href="${url(v, '/login')}">Back to sign in</a></p>`;
  return respond(v, status, pageFor(v, 'Confirm your account', body));
}

async function postConfirm(v: Visit): Promise<PageResponse> {
  const f = v.req.form;
  const username = (f.get('username') ?? flowOf(v)?.username ?? '').trim();
  const hash = secretHashFor(v.deps, v.client, username);
  try {
    if (f.get('action') === 'resend') {
      const out = await callOperation(v.op, 'ResendConfirmationCode', { ClientId: v.client.clientId, Username: username, ...hash });
      const destination = (out as { CodeDeliveryDetails?: { Destination?: string } }).CodeDeliveryDetails?.Destination;
      setFlow(v, { step: 'CONFIRM_SIGN_UP', username, parameters: destination ? { destination } : {} });
      return showConfirm(v, undefined, 200, 'We sent you a new code.');
    }
    await callOperation(v.op, 'ConfirmSignUp', { ClientId: v.client.clientId, Username: username, ConfirmationCode: (f.get('code') ?? '').trim(), ...hash });
    setFlow(v, { step: 'NOTICE', username, parameters: { message: 'Your account is confirmed. Please sign in.' } });
    return redirect(v, url(v, '/login'));
  } catch (e) {
    return showConfirm(v, messageOf(e), 400);
  }
}

// ---- forgotten password ----

function showForgot(v: Visit, error?: string, status = 200): PageResponse {
  const flow = flowOf(v);
  const body = html`<h1>Forgot your password?</h1>
<p class="textDescription-customizable">Enter your username and we will send you a code to reset your password.</p>
${errorBox(error)}${form(
    url(v, '/forgotPassword'),
    v.csrf,
    html`${field({ name: 'username', label: usernameAttributes(v.pool).includes('email') ? 'Email address' : 'Username', autocomplete: 'username', value: flow?.username ?? '', autofocus: true })}${submit('Reset my password')}`,
  )}<p class="links"><a href="${url(v, '/login')}">Back to sign in</a></p>`;
  return respond(v, status, pageFor(v, 'Forgot your password?', body));
}

async function postForgot(v: Visit): Promise<PageResponse> {
  const username = (v.req.form.get('username') ?? '').trim();
  try {
    const out = await callOperation(v.op, 'ForgotPassword', { ClientId: v.client.clientId, Username: username, ...secretHashFor(v.deps, v.client, username) });
    const destination = (out as { CodeDeliveryDetails?: { Destination?: string } }).CodeDeliveryDetails?.Destination;
    setFlow(v, { step: 'CONFIRM_FORGOT', username, parameters: destination ? { destination } : {} });
    return redirect(v, url(v, '/confirmForgotPassword'));
  } catch (e) {
    return showForgot(v, messageOf(e), 400);
  }
}

function showConfirmForgot(v: Visit, error?: string, status = 200): PageResponse {
  const flow = flowOf(v);
  const destination = flow?.parameters?.destination;
  const body = html`<h1>Reset your password</h1>
<p class="textDescription-customizable">${destination ? `We sent a code to ${destination}.` : 'Enter the code we sent you.'} Enter it with your new password.</p>
${errorBox(error)}${form(
    url(v, '/confirmForgotPassword'),
    v.csrf,
    html`${flow?.username ? html`<input type="hidden" name="username" value="${flow.username}">` : field({ name: 'username', label: 'Username', autocomplete: 'username' })}
${field({ name: 'code', label: 'Code', autocomplete: 'one-time-code', inputmode: 'numeric', autofocus: true })}
${field({ name: 'password', label: 'New password', type: 'password', autocomplete: 'new-password' })}
${field({ name: 'confirm_password', label: 'Confirm new password', type: 'password', autocomplete: 'new-password' })}
${submit('Change password')}`,
  )}<p class="links"><a href="${url(v, '/login')}">Back to sign in</a></p>`;
  return respond(v, status, pageFor(v, 'Reset your password', body));
}

async function postConfirmForgot(v: Visit): Promise<PageResponse> {
  const f = v.req.form;
  const username = (f.get('username') ?? '').trim();
  const password = f.get('password') ?? '';
  if (password !== (f.get('confirm_password') ?? '')) return showConfirmForgot(v, 'Passwords do not match.', 400);
  try {
    await callOperation(v.op, 'ConfirmForgotPassword', {
      ClientId: v.client.clientId,
      Username: username,
      ConfirmationCode: (f.get('code') ?? '').trim(),
      Password: password,
      ...secretHashFor(v.deps, v.client, username),
    });
    setFlow(v, { step: 'NOTICE', username, parameters: { message: 'Your password has been reset. Please sign in with your new password.' } });
    return redirect(v, url(v, '/login'));
  } catch (e) {
    return showConfirmForgot(v, messageOf(e), 400);
  }
}
