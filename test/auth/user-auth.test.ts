import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminInitiateAuthCommand,
  AdminSetUserMFAPreferenceCommand,
  CompleteWebAuthnRegistrationCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  InitiateAuthCommand,
  StartWebAuthnRegistrationCommand,
  UpdateUserPoolCommand,
  type SetUserPoolMfaConfigRequest,
} from '@aws-sdk/client-cognito-identity-provider';
import { rejectsWith, startTestServer, type TestServer } from '../helpers/server.js';
import { SoftwareAuthenticator, type CreateOptions, type GetOptions } from '../mfa/authenticator.js';
import { accessTokenFor, addUser, createClient, createPool, lastCode, mfaPool, PASSWORD, respond, setUser, SMS, srpClient, TOTP, type Step } from '../mfa/helpers.js';
import { mfaState } from '../../src/domain/mfa/state.js';

/**
 * Choice-based sign-in (AuthFlow USER_AUTH) through the SDK v3 client: every first factor with and without
 * PREFERRED_CHALLENGE, InitiateAuth and AdminInitiateAuth, the errors and limits (docs/compatibility.md
 * "Choice-based sign-in").
 */
const RP = 'localhost';
const ORIGIN = 'http://localhost:5173';
const ALL_FACTORS = { Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'] as never } } };
const PASSKEYS = { WebAuthnConfiguration: { RelyingPartyId: RP, FactorConfiguration: 'MULTI_FACTOR_WITH_USER_VERIFICATION' as const } };
const USER_AUTH_FLOWS = { ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] as never };
const VERIFIED = { email: 'u@example.com', email_verified: 'true', phone_number: '+15555550100', phone_number_verified: 'true' };

interface Ctx {
  s: TestServer;
  poolId: string;
  clientId: string;
}

async function userAuthPool(s: TestServer, mfa: Omit<SetUserPoolMfaConfigRequest, 'UserPoolId'> = { MfaConfiguration: 'OFF', ...PASSKEYS }, clientExtra = {}) {
  const { poolId } = await mfaPool(s, mfa, ALL_FACTORS);
  const { clientId } = await createClient(s, poolId, { ...USER_AUTH_FLOWS, ...clientExtra });
  return { poolId, clientId };
}

function initiate(c: Ctx, params: Record<string, string>, admin = false): Promise<Step & { AvailableChallenges?: string[] }> {
  const common = { ClientId: c.clientId, AuthFlow: 'USER_AUTH' as const, AuthParameters: params };
  if (admin) return c.s.client.send(new AdminInitiateAuthCommand({ UserPoolId: c.poolId, ...common }));
  return c.s.client.send(new InitiateAuthCommand(common));
}

/** Registers a passkey for the user through Start/CompleteWebAuthnRegistration; returns the authenticator holding it. */
async function registerPasskey(c: Ctx, username: string): Promise<SoftwareAuthenticator> {
  const token = await accessTokenFor(c.s, c.poolId, c.clientId, username);
  const start = await c.s.client.send(new StartWebAuthnRegistrationCommand({ AccessToken: token }));
  const authenticator = new SoftwareAuthenticator();
  const credential = authenticator.create(start.CredentialCreationOptions as unknown as CreateOptions, { origin: ORIGIN });
  await c.s.client.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: token, Credential: credential as never }));
  return authenticator;
}

const requestOptions = (step: Step) => JSON.parse(step.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS!) as GetOptions;

/** A server with a USER_AUTH pool for one suite, and a maker of fresh users with a verified email and phone. */
function suiteServer(prefix: string): { c: Ctx; fresh: (attributes?: Record<string, string>) => Promise<string> } {
  const c = {} as Ctx;
  let n = 0;
  before(async () => {
    c.s = await startTestServer();
    Object.assign(c, await userAuthPool(c.s));
  });
  after(async () => c.s.stop());
  const fresh = async (attributes: Record<string, string> = VERIFIED) => {
    const name = `${prefix}${++n}`;
    await addUser(c.s, c.poolId, name, PASSWORD, { attributes });
    return name;
  };
  return { c, fresh };
}

for (const admin of [false, true]) {
  describe(`USER_AUTH through ${admin ? 'AdminInitiateAuth' : 'InitiateAuth'}: every first factor`, () => {
    const { c, fresh } = suiteServer('ua');
    const answer = (step: Step, responses: Record<string, string>) => respond(c.s, c.poolId, c.clientId, step, responses, admin);

    it('PREFERRED_CHALLENGE PASSWORD signs in with the password at once; a wrong one is refused', async () => {
      const name = await fresh();
      const r = await initiate(c, { USERNAME: name, PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD }, admin);
      assert.ok(r.AuthenticationResult?.AccessToken);
      await rejectsWith(initiate(c, { USERNAME: name, PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD: 'Wr0ng-Password!' }, admin), 'NotAuthorizedException', 'Incorrect username or password.');
      await rejectsWith(initiate(c, { USERNAME: name, PREFERRED_CHALLENGE: 'PASSWORD' }, admin), 'InvalidParameterException', 'Missing required parameter PASSWORD');
    });

    it('PREFERRED_CHALLENGE PASSWORD_SRP answers PASSWORD_VERIFIER, and the SRP proof signs in', async () => {
      const name = await fresh();
      const srp = await srpClient(c.s, c.poolId);
      const r = await initiate(c, { USERNAME: name, PREFERRED_CHALLENGE: 'PASSWORD_SRP', SRP_A: srp.srpA }, admin);
      assert.equal(r.ChallengeName, 'PASSWORD_VERIFIER');
      const done = await answer(r, await srp.answer(r.ChallengeParameters!));
      assert.ok(done.AuthenticationResult?.AccessToken);
    });

    it('PREFERRED_CHALLENGE EMAIL_OTP sends a code through the outbox; the code signs in once', async () => {
      const name = await fresh();
      const r = await initiate(c, { USERNAME: name, PREFERRED_CHALLENGE: 'EMAIL_OTP' }, admin);
      assert.equal(r.ChallengeName, 'EMAIL_OTP');
      assert.equal(r.ChallengeParameters!.CODE_DELIVERY_DELIVERY_MEDIUM, 'EMAIL');
      assert.ok(r.ChallengeParameters!.CODE_DELIVERY_DESTINATION!.includes('@'));
      const sent = await lastCode(c.s, c.poolId, name, 'EMAIL');
      assert.equal(sent.destination, VERIFIED.email);
      assert.match(sent.code, /^\d{8}$/);
      const done = await answer(r, { USERNAME: name, EMAIL_OTP_CODE: sent.code });
      assert.ok(done.AuthenticationResult?.AccessToken);
      assert.ok((done.AuthenticationResult as { RefreshToken?: string } | undefined)?.RefreshToken);
      await rejectsWith(answer(r, { USERNAME: name, EMAIL_OTP_CODE: sent.code }), 'NotAuthorizedException', 'Invalid session for the user, session can only be used once.');
    });

    it('PREFERRED_CHALLENGE SMS_OTP sends a code by SMS; SMS_OTP_CODE signs in', async () => {
      const name = await fresh();
      const r = await initiate(c, { USERNAME: name, PREFERRED_CHALLENGE: 'SMS_OTP' }, admin);
      assert.equal(r.ChallengeName, 'SMS_OTP');
      assert.equal(r.ChallengeParameters!.CODE_DELIVERY_DELIVERY_MEDIUM, 'SMS');
      const sent = await lastCode(c.s, c.poolId, name, 'SMS');
      assert.equal(sent.destination, VERIFIED.phone_number);
      const done = await answer(r, { USERNAME: name, SMS_OTP_CODE: sent.code });
      assert.ok(done.AuthenticationResult?.AccessToken);
    });

    it('PREFERRED_CHALLENGE WEB_AUTHN answers CREDENTIAL_REQUEST_OPTIONS; a real assertion signs in', async () => {
      const name = await fresh();
      const authenticator = await registerPasskey(c, name);
      const r = await initiate(c, { USERNAME: name, PREFERRED_CHALLENGE: 'WEB_AUTHN' }, admin);
      assert.equal(r.ChallengeName, 'WEB_AUTHN');
      const options = requestOptions(r);
      assert.equal(options.rpId, RP);
      assert.match(options.challenge, /^[A-Za-z0-9_-]{43}$/);
      assert.deepEqual(options.allowCredentials!.map((x) => x.id), [authenticator.credentials[0]!.id.toString('base64url')]);
      const credential = authenticator.get(options, { origin: ORIGIN });
      const done = await answer(r, { USERNAME: name, CREDENTIAL: JSON.stringify(credential) });
      assert.ok(done.AuthenticationResult?.AccessToken);
    });

    it('without PREFERRED_CHALLENGE answers SELECT_CHALLENGE with the factors this user has, and each can be chosen', async () => {
      const name = await fresh();
      const authenticator = await registerPasskey(c, name);
      const r = await initiate(c, { USERNAME: name }, admin);
      assert.equal(r.ChallengeName, 'SELECT_CHALLENGE');
      assert.deepEqual(r.AvailableChallenges, ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN']);
      assert.ok(r.Session);

      const viaPassword = await answer(r, { USERNAME: name, ANSWER: 'PASSWORD', PASSWORD });
      assert.ok(viaPassword.AuthenticationResult?.AccessToken);

      const select = () => initiate(c, { USERNAME: name }, admin);
      const srp = await srpClient(c.s, c.poolId);
      const verifier = await answer(await select(), { USERNAME: name, ANSWER: 'PASSWORD_SRP', SRP_A: srp.srpA });
      assert.equal(verifier.ChallengeName, 'PASSWORD_VERIFIER');
      assert.ok((await answer(verifier, await srp.answer(verifier.ChallengeParameters!))).AuthenticationResult);

      const email = await answer(await select(), { USERNAME: name, ANSWER: 'EMAIL_OTP' });
      assert.equal(email.ChallengeName, 'EMAIL_OTP');
      assert.ok((await answer(email, { USERNAME: name, EMAIL_OTP_CODE: (await lastCode(c.s, c.poolId, name, 'EMAIL')).code })).AuthenticationResult);

      const sms = await answer(await select(), { USERNAME: name, ANSWER: 'SMS_OTP' });
      assert.equal(sms.ChallengeName, 'SMS_OTP');
      assert.ok((await answer(sms, { USERNAME: name, SMS_OTP_CODE: (await lastCode(c.s, c.poolId, name, 'SMS')).code })).AuthenticationResult);

      const passkey = await answer(await select(), { USERNAME: name, ANSWER: 'WEB_AUTHN' });
      assert.equal(passkey.ChallengeName, 'WEB_AUTHN');
      const credential = authenticator.get(requestOptions(passkey), { origin: ORIGIN });
      assert.ok((await answer(passkey, { USERNAME: name, CREDENTIAL: JSON.stringify(credential) })).AuthenticationResult);
    });
  });
}

describe('USER_AUTH: what is offered, errors and limits', () => {
  const { c, fresh } = suiteServer('ue');
  const answer = (step: Step, responses: Record<string, string>) => respond(c.s, c.poolId, c.clientId, step, responses);

  it('offers only factors the user has: no verified email, no phone, no passkey leaves the password', async () => {
    const name = await fresh({ email: 'x@example.com', email_verified: 'false' });
    const r = await initiate(c, { USERNAME: name });
    assert.deepEqual(r.AvailableChallenges, ['PASSWORD', 'PASSWORD_SRP']);
    // A preferred factor the user cannot use leads to the choice, not to an error.
    const preferred = await initiate(c, { USERNAME: name, PREFERRED_CHALLENGE: 'EMAIL_OTP' });
    assert.equal(preferred.ChallengeName, 'SELECT_CHALLENGE');
    assert.deepEqual(preferred.AvailableChallenges, ['PASSWORD', 'PASSWORD_SRP']);
    await rejectsWith(answer(r, { USERNAME: name, ANSWER: 'EMAIL_OTP' }), 'InvalidParameterException', 'The ANSWER must be one of the AvailableChallenges.');
  });

  it('offers only factors the pool allows (a pool of passwords only)', async () => {
    const poolId = await createPool(c.s);
    const { clientId } = await createClient(c.s, poolId, USER_AUTH_FLOWS);
    await addUser(c.s, poolId, 'pw', PASSWORD, { attributes: VERIFIED });
    const r = await initiate({ s: c.s, poolId, clientId }, { USERNAME: 'pw', PREFERRED_CHALLENGE: 'EMAIL_OTP' });
    assert.deepEqual(r.AvailableChallenges, ['PASSWORD', 'PASSWORD_SRP']);
  });

  it('is refused on a client without ALLOW_USER_AUTH', async () => {
    const { clientId } = await createClient(c.s, c.poolId);
    await rejectsWith(initiate({ ...c, clientId }, { USERNAME: 'nobody' }), 'InvalidParameterException', 'USER_AUTH flow not enabled for this client');
  });

  it('a wrong code is CodeMismatch and leaves the session usable; the right one still works', async () => {
    const name = await fresh();
    const r = await initiate(c, { USERNAME: name, PREFERRED_CHALLENGE: 'EMAIL_OTP' });
    const { code } = await lastCode(c.s, c.poolId, name, 'EMAIL');
    const wrong = code === '00000000' ? '11111111' : '00000000';
    await rejectsWith(answer(r, { USERNAME: name, EMAIL_OTP_CODE: wrong }), 'CodeMismatchException', 'Invalid code or auth state for the user.');
    assert.ok((await answer(r, { USERNAME: name, EMAIL_OTP_CODE: code })).AuthenticationResult);
  });

  it('brute force of a sign-in code: after 5 wrong codes the user is locked out, even with the right code', async () => {
    const name = await fresh();
    const r = await initiate(c, { USERNAME: name, PREFERRED_CHALLENGE: 'SMS_OTP' });
    const { code } = await lastCode(c.s, c.poolId, name, 'SMS');
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) await rejectsWith(answer(r, { USERNAME: name, SMS_OTP_CODE: wrong }), 'CodeMismatchException');
    await rejectsWith(answer(r, { USERNAME: name, SMS_OTP_CODE: code }), 'NotAuthorizedException', 'Password attempts exceeded');
  });

  it('a code expires with its session', async () => {
    const name = await fresh();
    const r = await initiate(c, { USERNAME: name, PREFERRED_CHALLENGE: 'EMAIL_OTP' });
    const { code } = await lastCode(c.s, c.poolId, name, 'EMAIL');
    c.s.clock.advance(3 * 60_000 + 1);
    await rejectsWith(answer(r, { USERNAME: name, EMAIL_OTP_CODE: code }), 'NotAuthorizedException', 'Invalid session for the user, session is expired.');
  });

  it('a session answers only its own step and user: the SELECT_CHALLENGE session cannot answer EMAIL_OTP, nor name another user', async () => {
    const name = await fresh();
    const other = await fresh();
    const r = await initiate(c, { USERNAME: name });
    await rejectsWith(answer({ ...r, ChallengeName: 'EMAIL_OTP' }, { USERNAME: name, EMAIL_OTP_CODE: '12345678' }), 'NotAuthorizedException', 'Invalid session for the user.');
    await rejectsWith(answer(r, { USERNAME: other, ANSWER: 'PASSWORD', PASSWORD }), 'NotAuthorizedException', 'Invalid session for the user.');
    // The SELECT_CHALLENGE session is used once.
    assert.ok((await answer(r, { USERNAME: name, ANSWER: 'PASSWORD', PASSWORD })).AuthenticationResult);
    await rejectsWith(answer(r, { USERNAME: name, ANSWER: 'PASSWORD', PASSWORD }), 'NotAuthorizedException', 'Invalid session for the user, session can only be used once.');
  });

  it('an MFA EMAIL_OTP session cannot be answered as a passwordless code, nor the other way round', async () => {
    const name = await fresh();
    const r = await initiate(c, { USERNAME: name, PREFERRED_CHALLENGE: 'SMS_OTP' });
    await rejectsWith(answer({ ...r, ChallengeName: 'SMS_MFA' }, { USERNAME: name, SMS_MFA_CODE: '123456' }), 'NotAuthorizedException', 'Invalid session for the user.');
  });

  it('passkey replay: the same assertion twice is refused (session used up), and a counter that does not move is refused', async () => {
    const name = await fresh();
    const authenticator = await registerPasskey(c, name);
    const r = await initiate(c, { USERNAME: name, PREFERRED_CHALLENGE: 'WEB_AUTHN' });
    const credential = JSON.stringify(authenticator.get(requestOptions(r), { origin: ORIGIN, counter: 5 }));
    assert.ok((await answer(r, { USERNAME: name, CREDENTIAL: credential })).AuthenticationResult);
    await rejectsWith(answer(r, { USERNAME: name, CREDENTIAL: credential }), 'NotAuthorizedException', 'Invalid session for the user, session can only be used once.');
    // A cloned authenticator: a fresh challenge signed with a counter that did not move.
    const again = await initiate(c, { USERNAME: name, PREFERRED_CHALLENGE: 'WEB_AUTHN' });
    const cloned = authenticator.get(requestOptions(again), { origin: ORIGIN, counter: 5 });
    await rejectsWith(answer(again, { USERNAME: name, CREDENTIAL: JSON.stringify(cloned) }), 'NotAuthorizedException', 'Invalid passkey credential.');
  });

  it('passkey assertions for another challenge, origin or relying party, or with a bad signature, are refused', async () => {
    const name = await fresh();
    const authenticator = await registerPasskey(c, name);
    const cases: Array<[string, (o: GetOptions) => Record<string, unknown>]> = [
      ['another challenge', (o) => authenticator.get(o, { origin: ORIGIN, challenge: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' })],
      ['another origin', (o) => authenticator.get(o, { origin: 'https://evil.example' })],
      ['another relying party', (o) => authenticator.get(o, { origin: ORIGIN, rpId: 'example.com' })],
      ['a registration response', (o) => authenticator.get(o, { origin: ORIGIN, type: 'webauthn.create' })],
      [
        'a tampered signature',
        (o) => {
          const cred = authenticator.get(o, { origin: ORIGIN }) as { response: { signature: string } };
          const sig = Buffer.from(cred.response.signature, 'base64url');
          sig[sig.length - 1] ^= 1;
          cred.response.signature = sig.toString('base64url');
          return cred;
        },
      ],
    ];
    for (const [label, make] of cases) {
      const r = await initiate(c, { USERNAME: name, PREFERRED_CHALLENGE: 'WEB_AUTHN' });
      await rejectsWith(answer(r, { USERNAME: name, CREDENTIAL: JSON.stringify(make(requestOptions(r))) }), 'NotAuthorizedException', 'Invalid passkey credential.').catch((e) => {
        throw new Error(`${label}: ${String(e)}`);
      });
    }
    const r = await initiate(c, { USERNAME: name, PREFERRED_CHALLENGE: 'WEB_AUTHN' });
    await rejectsWith(answer(r, { USERNAME: name, CREDENTIAL: 'not json' }), 'InvalidParameterException');
  });

  it('a pool that requires user verification refuses a passkey assertion without it', async () => {
    const uv = await userAuthPool(c.s, { MfaConfiguration: 'OFF', WebAuthnConfiguration: { RelyingPartyId: RP, UserVerification: 'required' } });
    const u = { s: c.s, ...uv };
    await addUser(c.s, u.poolId, 'uv', PASSWORD, { attributes: VERIFIED });
    const authenticator = await registerPasskey(u, 'uv');
    const r = await initiate(u, { USERNAME: 'uv', PREFERRED_CHALLENGE: 'WEB_AUTHN' });
    assert.equal(requestOptions(r).userVerification, 'required');
    const credential = authenticator.get(requestOptions(r), { origin: ORIGIN, userVerified: false });
    await rejectsWith(respond(c.s, u.poolId, u.clientId, r, { USERNAME: 'uv', CREDENTIAL: JSON.stringify(credential) }), 'NotAuthorizedException', 'Invalid passkey credential.');
  });

  it('an unknown user: UserNotFoundException, or with PreventUserExistenceErrors a choice that only ends in a wrong password', async () => {
    await rejectsWith(initiate(c, { USERNAME: 'ghost' }), 'UserNotFoundException', 'User does not exist.');
    const { clientId } = await createClient(c.s, c.poolId, { ...USER_AUTH_FLOWS, PreventUserExistenceErrors: 'ENABLED' });
    const p = { ...c, clientId };
    const r = await initiate(p, { USERNAME: 'ghost' });
    assert.equal(r.ChallengeName, 'SELECT_CHALLENGE');
    assert.deepEqual(r.AvailableChallenges, ['PASSWORD', 'PASSWORD_SRP']);
    await rejectsWith(respond(c.s, c.poolId, clientId, r, { USERNAME: 'ghost', ANSWER: 'PASSWORD', PASSWORD }), 'NotAuthorizedException', 'Incorrect username or password.');
    await rejectsWith(initiate(p, { USERNAME: 'ghost', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD }), 'NotAuthorizedException', 'Incorrect username or password.');
  });

  it('a disabled user is refused before any code is sent', async () => {
    const name = await fresh();
    await setUser(c.s, c.poolId, name, (u) => (u.enabled = false));
    await rejectsWith(initiate(c, { USERNAME: name, PREFERRED_CHALLENGE: 'EMAIL_OTP' }), 'NotAuthorizedException', 'User is disabled.');
  });
});

/**
 * MFA after a choice-based first factor, as a table (docs/compatibility.md "Choice-based sign-in: MFA"): the pool's MFA
 * mode and passkey factor configuration, the user's MFA, the first factor → what AvailableChallenges offers and what
 * follows the factor.
 */
describe('USER_AUTH: the MFA decision after the first factor', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.stop());

  interface Row {
    label: string;
    pool: Omit<SetUserPoolMfaConfigRequest, 'UserPoolId'>;
    /** The user's MFA: SMS MFA on, plus passkey MFA. */
    userMfa: 'none' | 'sms' | 'sms+passkey';
    factor: 'PASSWORD' | 'EMAIL_OTP' | 'WEB_AUTHN';
    userVerified?: boolean;
    /** Offered in AvailableChallenges? */
    offered: boolean;
    /** What follows a correct factor (when offered). */
    then?: 'tokens' | 'SMS_MFA';
  }
  const single = { WebAuthnConfiguration: { RelyingPartyId: RP, FactorConfiguration: 'SINGLE_FACTOR' as const } };
  const rows: Row[] = [
    { label: 'MFA off, password', pool: { MfaConfiguration: 'OFF', ...PASSKEYS }, userMfa: 'none', factor: 'PASSWORD', offered: true, then: 'tokens' },
    { label: 'MFA off, email code', pool: { MfaConfiguration: 'OFF', ...PASSKEYS }, userMfa: 'none', factor: 'EMAIL_OTP', offered: true, then: 'tokens' },
    { label: 'MFA off, passkey', pool: { MfaConfiguration: 'OFF', ...PASSKEYS }, userMfa: 'none', factor: 'WEB_AUTHN', offered: true, then: 'tokens' },
    { label: 'optional, user without MFA, email code', pool: { MfaConfiguration: 'OPTIONAL', ...SMS, ...PASSKEYS }, userMfa: 'none', factor: 'EMAIL_OTP', offered: true, then: 'tokens' },
    { label: 'optional, user with SMS MFA, password', pool: { MfaConfiguration: 'OPTIONAL', ...SMS, ...PASSKEYS }, userMfa: 'sms', factor: 'PASSWORD', offered: true, then: 'SMS_MFA' },
    { label: 'optional, user with SMS MFA, email code withheld', pool: { MfaConfiguration: 'OPTIONAL', ...SMS, ...PASSKEYS }, userMfa: 'sms', factor: 'EMAIL_OTP', offered: false },
    { label: 'optional, user with SMS MFA, passkey without passkey MFA withheld', pool: { MfaConfiguration: 'OPTIONAL', ...SMS, ...PASSKEYS }, userMfa: 'sms', factor: 'WEB_AUTHN', offered: false },
    { label: 'optional, passkey MFA, UV passkey', pool: { MfaConfiguration: 'OPTIONAL', ...SMS, ...PASSKEYS }, userMfa: 'sms+passkey', factor: 'WEB_AUTHN', offered: true, then: 'tokens' },
    { label: 'optional, passkey MFA, passkey without UV', pool: { MfaConfiguration: 'OPTIONAL', ...SMS, ...PASSKEYS }, userMfa: 'sms+passkey', factor: 'WEB_AUTHN', userVerified: false, offered: true, then: 'SMS_MFA' },
    { label: 'required, password', pool: { MfaConfiguration: 'ON', ...SMS, ...PASSKEYS }, userMfa: 'sms', factor: 'PASSWORD', offered: true, then: 'SMS_MFA' },
    { label: 'required, email code withheld', pool: { MfaConfiguration: 'ON', ...SMS, ...PASSKEYS }, userMfa: 'sms', factor: 'EMAIL_OTP', offered: false },
    { label: 'required, passkey MFA, UV passkey', pool: { MfaConfiguration: 'ON', ...SMS, ...PASSKEYS }, userMfa: 'sms+passkey', factor: 'WEB_AUTHN', offered: true, then: 'tokens' },
    { label: 'required, single-factor passkeys withheld', pool: { MfaConfiguration: 'ON', ...SMS, ...single }, userMfa: 'sms', factor: 'WEB_AUTHN', offered: false },
    { label: 'required, TOTP pool, passkey MFA, UV passkey', pool: { MfaConfiguration: 'ON', ...TOTP, ...SMS, ...PASSKEYS }, userMfa: 'sms+passkey', factor: 'WEB_AUTHN', offered: true, then: 'tokens' },
  ];

  for (const row of rows) {
    it(`${row.label}: ${row.offered ? `offered, then ${row.then}` : 'not offered'}`, async () => {
      const c = { s, ...(await userAuthPool(s, row.pool)) };
      await addUser(s, c.poolId, 'u', PASSWORD, { attributes: VERIFIED });
      const authenticator = row.factor === 'WEB_AUTHN' ? await registerPasskey(c, 'u') : undefined;
      if (row.userMfa !== 'none') {
        await s.client.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: c.poolId, Username: 'u', SMSMfaSettings: { Enabled: true, PreferredMfa: true } }));
      }
      if (row.userMfa === 'sms+passkey') {
        await s.client.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: c.poolId, Username: 'u', WebAuthnMfaSettings: { Enabled: true } }));
        await setUser(s, c.poolId, 'u', (u) => assert.equal(mfaState(u)?.webAuthn, true));
      }
      const select = await initiate(c, { USERNAME: 'u' });
      assert.equal(select.AvailableChallenges!.includes(row.factor), row.offered);
      if (!row.offered) return;
      let next: Step;
      if (row.factor === 'PASSWORD') next = await respond(s, c.poolId, c.clientId, select, { USERNAME: 'u', ANSWER: 'PASSWORD', PASSWORD });
      else if (row.factor === 'EMAIL_OTP') {
        const challenge = await respond(s, c.poolId, c.clientId, select, { USERNAME: 'u', ANSWER: 'EMAIL_OTP' });
        next = await respond(s, c.poolId, c.clientId, challenge, { USERNAME: 'u', EMAIL_OTP_CODE: (await lastCode(s, c.poolId, 'u', 'EMAIL')).code });
      } else {
        const challenge = await respond(s, c.poolId, c.clientId, select, { USERNAME: 'u', ANSWER: 'WEB_AUTHN' });
        const credential = authenticator!.get(requestOptions(challenge), { origin: ORIGIN, userVerified: row.userVerified ?? true });
        next = await respond(s, c.poolId, c.clientId, challenge, { USERNAME: 'u', CREDENTIAL: JSON.stringify(credential) });
      }
      if (row.then === 'tokens') assert.ok(next.AuthenticationResult?.AccessToken, `expected tokens, got ${next.ChallengeName}`);
      else assert.equal(next.ChallengeName, row.then);
    });
  }
});

describe('USER_AUTH: the pool sign-in policy and the client flow round-trip and are validated', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.stop());

  it('AllowedFirstAuthFactors, WebAuthnConfiguration and ALLOW_USER_AUTH come back from Describe*', async () => {
    const { poolId, clientId } = await userAuthPool(s);
    const { UserPool } = await s.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    assert.deepEqual(UserPool!.Policies!.SignInPolicy!.AllowedFirstAuthFactors, ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN']);
    const { WebAuthnConfiguration } = await s.client.send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }));
    assert.equal(WebAuthnConfiguration!.RelyingPartyId, RP);
    const { UserPoolClient } = await s.client.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }));
    assert.deepEqual(UserPoolClient!.ExplicitAuthFlows, ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
    await s.client.send(new UpdateUserPoolCommand({ UserPoolId: poolId, Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } } }));
    const updated = await s.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    assert.deepEqual(updated.UserPool!.Policies!.SignInPolicy!.AllowedFirstAuthFactors, ['PASSWORD', 'EMAIL_OTP']);
  });

  it('refuses SOFTWARE_TOKEN as a first factor, a policy without PASSWORD, and passwordless factors on LITE', async () => {
    const policy = (f: string[]) => ({ Policies: { SignInPolicy: { AllowedFirstAuthFactors: f as never } } });
    await rejectsWith(createPool(s, policy(['PASSWORD', 'SOFTWARE_TOKEN'])), 'InvalidParameterException', 'SOFTWARE_TOKEN is not supported as a first auth factor.');
    await rejectsWith(createPool(s, policy(['EMAIL_OTP'])), 'InvalidParameterException', 'AllowedFirstAuthFactors must include PASSWORD.');
    await rejectsWith(createPool(s, { ...policy(['PASSWORD', 'WEB_AUTHN']), UserPoolTier: 'LITE' }), 'FeatureUnavailableInTierException');
    const lite = await createPool(s, { UserPoolTier: 'LITE' });
    await rejectsWith(
      s.client.send(new UpdateUserPoolCommand({ UserPoolId: lite, UserPoolTier: 'LITE', ...policy(['PASSWORD', 'SMS_OTP']) })),
      'FeatureUnavailableInTierException',
    );
  });
});
