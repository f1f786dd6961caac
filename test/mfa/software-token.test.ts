import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AssociateSoftwareTokenCommand,
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { softwareToken, totpAad } from '../../src/domain/mfa/state.js';
import { rawCall, rejectsWith, startTestServer, type TestServer } from '../helpers/server.js';
import { accessTokenFor, addUser, codeAt, mfaPool, respond, signIn, SMS, TOTP, userRecord, userWithToken } from './helpers.js';

const MISMATCH = 'Code mismatch and fail enable Software Token MFA';
const POOL_OFF = 'Software Token MFA has not been enabled by the userPool';

describe('AssociateSoftwareToken / VerifySoftwareToken with an access token (docs/compatibility.md, MFA: TOTP)', () => {
  let s: TestServer;
  let poolId: string;
  let clientId: string;
  let n = 0;
  before(async () => {
    s = await startTestServer();
    ({ poolId, clientId } = await mfaPool(s, { MfaConfiguration: 'OPTIONAL', ...TOTP }));
  });
  after(async () => s.stop());
  const fresh = async () => {
    const name = `totp${++n}`;
    return { name, token: await userWithToken(s, poolId, clientId, name) };
  };
  const associate = async (token: string) => (await s.client.send(new AssociateSoftwareTokenCommand({ AccessToken: token }))).SecretCode!;
  const verify = (token: string, code: string, name?: string) =>
    s.client.send(new VerifySoftwareTokenCommand({ AccessToken: token, UserCode: code, ...(name ? { FriendlyDeviceName: name } : {}) }));

  it('returns a base32 secret of 32 random bytes, and no Session on the token path', async () => {
    const { token } = await fresh();
    const r = await s.client.send(new AssociateSoftwareTokenCommand({ AccessToken: token }));
    assert.match(r.SecretCode!, /^[A-Z2-7]{52}$/);
    assert.equal(r.Session, undefined);
    assert.notEqual(await associate(token), r.SecretCode);
  });

  it('keeps the secret sealed at rest, bound to its pool and user', async () => {
    const { name, token } = await fresh();
    const secret = await associate(token);
    const user = await userRecord(s, poolId, name);
    assert.ok(!JSON.stringify(user.data).includes(secret), 'the secret must not be stored in the clear');
    const sealed = softwareToken(user).pending!.sealed;
    assert.equal(s.deps.sealer.open(sealed, totpAad(user)), secret);
    // Copied into another user's record, the ciphertext does not open.
    assert.throws(() => s.deps.sealer.open(sealed, totpAad({ poolId, usernameKey: 'someone-else' })));
  });

  it('accepts the code of the current step and of one step either side, not two', async () => {
    for (const steps of [-1, 0, 1]) {
      const { token } = await fresh();
      const secret = await associate(token);
      assert.equal((await verify(token, codeAt(s, secret, steps))).Status, 'SUCCESS', `step ${steps}`);
    }
    for (const steps of [-2, 2]) {
      const { token } = await fresh();
      const secret = await associate(token);
      await rejectsWith(verify(token, codeAt(s, secret, steps)), 'EnableSoftwareTokenMFAException', MISMATCH);
    }
  });

  it('answers EnableSoftwareTokenMFAException for a wrong code and lets the user try again', async () => {
    const { token } = await fresh();
    const secret = await associate(token);
    const good = codeAt(s, secret);
    const wrong = good === '000000' ? '111111' : '000000';
    await rejectsWith(verify(token, wrong), 'EnableSoftwareTokenMFAException', MISMATCH);
    assert.equal((await verify(token, good)).Status, 'SUCCESS');
  });

  // VerifySoftwareToken models no ExpiredCodeException (sign-in's answer to a replay): a used code is a wrong one here.
  it('refuses a code that was already accepted (and an earlier step after a later one) as a mismatch', async () => {
    const { token } = await fresh();
    const secret = await associate(token);
    await verify(token, codeAt(s, secret, 0));
    await rejectsWith(verify(token, codeAt(s, secret, 0)), 'EnableSoftwareTokenMFAException', MISMATCH);
    await rejectsWith(verify(token, codeAt(s, secret, -1)), 'EnableSoftwareTokenMFAException', MISMATCH);
    assert.equal((await verify(token, codeAt(s, secret, 1))).Status, 'SUCCESS');
  });

  it('answers SoftwareTokenMFANotFoundException when nothing was associated', async () => {
    const { token } = await fresh();
    await rejectsWith(verify(token, '123456'), 'SoftwareTokenMFANotFoundException', 'Software Token MFA does not exist for the user.');
  });

  it('wants exactly one of AccessToken and Session', async () => {
    const { token } = await fresh();
    await rejectsWith(
      s.client.send(new AssociateSoftwareTokenCommand({ AccessToken: token, Session: 'AYAB' + 'x'.repeat(40) })),
      'InvalidParameterException',
      'Only one of AccessToken or Session may be provided.',
    );
    await rejectsWith(s.client.send(new AssociateSoftwareTokenCommand({})), 'InvalidParameterException', 'Either AccessToken or Session must be provided.');
    await rejectsWith(s.client.send(new VerifySoftwareTokenCommand({ UserCode: '123456' })), 'InvalidParameterException', 'Either AccessToken or Session must be provided.');
    await rejectsWith(s.client.send(new AssociateSoftwareTokenCommand({ Session: 'AYAB' + 'x'.repeat(40) })), 'NotAuthorizedException', 'Invalid session for the user.');
  });

  it('validates UserCode from the model (6 digits)', async () => {
    const { token } = await fresh();
    const r = await rawCall(s.url, 'VerifySoftwareToken', JSON.stringify({ AccessToken: token, UserCode: '12345' }));
    assert.equal(r.json.__type, 'InvalidParameterException');
  });

  it('race: 20 concurrent verifications with one code — exactly one succeeds, the others are refused', async () => {
    const { token } = await fresh();
    const secret = await associate(token);
    const code = codeAt(s, secret);
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => verify(token, code)));
    const ok = results.filter((r) => r.status === 'fulfilled');
    assert.equal(ok.length, 1);
    // The others are replays (refused as a mismatch), or were refused before evaluation: each code takes an attempt
    // slot first (test/security/attempt-burst.test.ts).
    for (const r of results) {
      if (r.status !== 'rejected') continue;
      const e = r.reason as Error;
      if (e.name === 'TooManyRequestsException') assert.equal(e.message, 'Attempt limit exceeded, please try after some time.');
      else assert.equal(e.message, MISMATCH);
    }
  });

  it('re-associating keeps the verified token in force until the new one is verified', async () => {
    const { name, token } = await fresh();
    const first = await associate(token);
    await verify(token, codeAt(s, first, -1), 'Phone A');
    await s.client.send(new SetUserMFAPreferenceCommand({ AccessToken: token, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
    const second = await associate(token);
    // Sign-in still asks for, and accepts, the first secret.
    let step = await signIn(s, poolId, clientId, name, 'USER_PASSWORD_AUTH');
    assert.equal(step.ChallengeName, 'SOFTWARE_TOKEN_MFA');
    assert.equal(step.ChallengeParameters!.FRIENDLY_DEVICE_NAME, 'Phone A');
    step = await respond(s, poolId, clientId, step, { USERNAME: name, SOFTWARE_TOKEN_MFA_CODE: codeAt(s, first, 0) });
    assert.ok(step.AuthenticationResult?.AccessToken);
    // Once the second is verified, only it works.
    s.clock.advance(30_000);
    await verify(token, codeAt(s, second, 0), 'Phone B');
    s.clock.advance(30_000);
    step = await signIn(s, poolId, clientId, name, 'USER_PASSWORD_AUTH');
    assert.equal(step.ChallengeParameters!.FRIENDLY_DEVICE_NAME, 'Phone B');
    await rejectsWith(respond(s, poolId, clientId, step, { USERNAME: name, SOFTWARE_TOKEN_MFA_CODE: codeAt(s, first, 0) }), 'CodeMismatchException', 'Invalid code received for user');
    step = await respond(s, poolId, clientId, step, { USERNAME: name, SOFTWARE_TOKEN_MFA_CODE: codeAt(s, second, 0) });
    assert.ok(step.AuthenticationResult?.AccessToken);
  });

  it('answers SoftwareTokenMFANotFoundException when the pool has TOTP switched off; verified tokens keep working', async () => {
    const p = await mfaPool(s, { MfaConfiguration: 'OPTIONAL', ...TOTP, ...SMS });
    const token = await userWithToken(s, p.poolId, p.clientId, 'keeper');
    const secret = await associate(token);
    await verify(token, codeAt(s, secret, -1));
    await s.client.send(new SetUserMFAPreferenceCommand({ AccessToken: token, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
    await s.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: p.poolId, MfaConfiguration: 'OPTIONAL', ...SMS }));
    await rejectsWith(s.client.send(new AssociateSoftwareTokenCommand({ AccessToken: token })), 'SoftwareTokenMFANotFoundException', POOL_OFF);
    await rejectsWith(verify(token, codeAt(s, secret)), 'SoftwareTokenMFANotFoundException', POOL_OFF);
    let step = await signIn(s, p.poolId, p.clientId, 'keeper', 'USER_PASSWORD_AUTH');
    assert.equal(step.ChallengeName, 'SOFTWARE_TOKEN_MFA');
    step = await respond(s, p.poolId, p.clientId, step, { USERNAME: 'keeper', SOFTWARE_TOKEN_MFA_CODE: codeAt(s, secret, 0) });
    assert.ok(step.AuthenticationResult?.AccessToken);
  });
});

describe('MFA_SETUP through AssociateSoftwareToken / VerifySoftwareToken with a Session', () => {
  let s: TestServer;
  let poolId: string;
  let clientId: string;
  before(async () => {
    s = await startTestServer();
    ({ poolId, clientId } = await mfaPool(s, { MfaConfiguration: 'ON', ...TOTP }));
  });
  after(async () => s.stop());

  it('chains sessions from MFA_SETUP to tokens, and the next sign-in asks for the new token', async () => {
    await addUser(s, poolId, 'setup1');
    const setup = await signIn(s, poolId, clientId, 'setup1', 'USER_PASSWORD_AUTH');
    assert.equal(setup.ChallengeName, 'MFA_SETUP');
    assert.equal(setup.ChallengeParameters!.MFAS_CAN_SETUP, '["SOFTWARE_TOKEN_MFA"]');

    const assoc = await s.client.send(new AssociateSoftwareTokenCommand({ Session: setup.Session }));
    assert.match(assoc.SecretCode!, /^[A-Z2-7]{52}$/);
    assert.ok(assoc.Session && assoc.Session !== setup.Session);
    // Each step uses its session up.
    await rejectsWith(s.client.send(new AssociateSoftwareTokenCommand({ Session: setup.Session })), 'NotAuthorizedException', 'Invalid session for the user, session can only be used once.');
    // Answering MFA_SETUP before a code was verified is refused, and the session stays usable.
    await rejectsWith(
      respond(s, poolId, clientId, { ChallengeName: 'MFA_SETUP', Session: assoc.Session }, { USERNAME: 'setup1' }),
      'SoftwareTokenMFANotFoundException',
      'Software Token MFA does not exist for the user.',
    );
    const good = codeAt(s, assoc.SecretCode!, -1);
    await rejectsWith(
      s.client.send(new VerifySoftwareTokenCommand({ Session: assoc.Session, UserCode: good === '000000' ? '111111' : '000000' })),
      'EnableSoftwareTokenMFAException',
      MISMATCH,
    );
    const verified = await s.client.send(new VerifySoftwareTokenCommand({ Session: assoc.Session, UserCode: good, FriendlyDeviceName: 'Laptop' }));
    assert.equal(verified.Status, 'SUCCESS');
    assert.ok(verified.Session && verified.Session !== assoc.Session);

    const done = await respond(s, poolId, clientId, { ChallengeName: 'MFA_SETUP', Session: verified.Session }, { USERNAME: 'setup1' });
    assert.ok(done.AuthenticationResult?.AccessToken);
    const token = await accessTokenFor(s, poolId, clientId, 'setup1');
    assert.ok(token);

    const next = await signIn(s, poolId, clientId, 'setup1', 'USER_PASSWORD_AUTH');
    assert.equal(next.ChallengeName, 'SOFTWARE_TOKEN_MFA');
    assert.equal(next.ChallengeParameters!.FRIENDLY_DEVICE_NAME, 'Laptop');
    const signedIn = await respond(s, poolId, clientId, next, { USERNAME: 'setup1', SOFTWARE_TOKEN_MFA_CODE: codeAt(s, assoc.SecretCode!, 0) });
    assert.ok(signedIn.AuthenticationResult?.AccessToken);
  });

  it('refuses a session that expired (AuthSessionValidity, 3 minutes by default)', async () => {
    await addUser(s, poolId, 'setup2');
    const setup = await signIn(s, poolId, clientId, 'setup2', 'USER_PASSWORD_AUTH');
    s.clock.advance(3 * 60_000);
    await rejectsWith(s.client.send(new AssociateSoftwareTokenCommand({ Session: setup.Session })), 'NotAuthorizedException', 'Invalid session for the user, session is expired.');
  });
});
