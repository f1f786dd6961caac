import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AuthenticationDetails, CognitoUser, CognitoUserPool, type CognitoUserSession } from 'amazon-cognito-identity-js';
import { AdminListDevicesCommand, SetUserPoolMfaConfigCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { TestServer } from '../helpers/server.js';
import { addUser, createClient, createPool, memoryStorage, PASSWORD, verifierFor } from '../helpers/fixtures.js';
import { lastCode, SMS } from '../mfa/helpers.js';
import { arn, HandlerFolder, startTriggerServer } from './helpers.js';

/**
 * Issue 18: MFA and remembered devices in a custom flow, driven by amazon-cognito-identity-js.
 * - The password of CUSTOM_AUTH with SRP is a first factor: when MFA is due, Cognito asks for it right after
 *   PASSWORD_VERIFIER and issues the tokens after the code, without asking define again (aws-amplify/amplify-js#3876).
 * - A device the client remembered (DEVICE_KEY in the custom challenge's answer) proves itself with DEVICE_SRP_AUTH
 *   before the tokens, as in every other flow, instead of being issued as a new device each time.
 */
const SRP_THEN_CHALLENGE = `export const handler = async (event) => {
  const s = event.request.session;
  const last = s[s.length - 1];
  if (s.length === 1 && last.challengeName === 'SRP_A') {
    event.response.challengeName = 'PASSWORD_VERIFIER';
  } else if (last && last.challengeName === 'PASSWORD_VERIFIER' && last.challengeResult) {
    event.response.challengeName = 'CUSTOM_CHALLENGE';
  } else if (last && last.challengeName === 'CUSTOM_CHALLENGE' && last.challengeResult) {
    event.response.issueTokens = true;
  } else {
    event.response.failAuthentication = true;
  }
  return event;
};
`;
const ONE_CODE = `export const handler = async (event) => {
  const last = event.request.session[event.request.session.length - 1];
  if (last && last.challengeResult === true) event.response.issueTokens = true;
  else if (last) event.response.failAuthentication = true;
  else event.response.challengeName = 'CUSTOM_CHALLENGE';
  return event;
};
`;
const CREATE = `export const handler = async (event) => {
  event.response.publicChallengeParameters = { question: 'code?' };
  event.response.privateChallengeParameters = { answer: '424242' };
  return event;
};
`;
const VERIFY = `export const handler = async (event) => {
  event.response.answerCorrect = event.request.challengeAnswer === event.request.privateChallengeParameters.answer;
  return event;
};
`;

describe('CUSTOM_AUTH with MFA and remembered devices (amazon-cognito-identity-js)', () => {
  let s: TestServer;
  let handlers: HandlerFolder;
  before(async () => {
    handlers = new HandlerFolder();
    s = await startTriggerServer({
      'srp-define': { module: handlers.write('srp-define.mjs', SRP_THEN_CHALLENGE) },
      'code-define': { module: handlers.write('code-define.mjs', ONE_CODE) },
      create: { module: handlers.write('create.mjs', CREATE) },
      verify: { module: handlers.write('verify.mjs', VERIFY) },
      tokens: { module: handlers.write('tokens.mjs', 'export const handler = async (event) => event;\n') },
    });
  });
  after(async () => {
    await s.stop();
    handlers.remove();
  });

  const triggers = (define: string) => ({ DefineAuthChallenge: arn(define), CreateAuthChallenge: arn('create'), VerifyAuthChallengeResponse: arn('verify') });
  const invocations = (poolId: string, trigger: string) => s.deps.triggerLog!.list({ poolId, limit: 1000 }).filter((i) => i.trigger === trigger).length;

  function acijUser(poolId: string, clientId: string, username: string, Storage = memoryStorage()): CognitoUser {
    const user = new CognitoUser({ Username: username, Pool: new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: s.url, Storage }), Storage });
    user.setAuthenticationFlowType('CUSTOM_AUTH');
    return user;
  }

  /** A custom sign-in answering every custom challenge with the code and every SMS MFA challenge from the outbox. */
  function acijSignIn(user: CognitoUser, poolId: string, start: 'authenticateUser' | 'initiateAuth') {
    const asked: string[] = [];
    return new Promise<{ session: CognitoUserSession; asked: string[] }>((resolve, reject) => {
      const callbacks = {
        onSuccess: (session: CognitoUserSession) => resolve({ session, asked }),
        onFailure: reject,
        customChallenge() {
          asked.push('CUSTOM_CHALLENGE');
          user.sendCustomChallengeAnswer('424242', callbacks);
        },
        mfaRequired(challengeName: string) {
          asked.push(challengeName);
          lastCode(s, poolId, user.getUsername(), 'SMS').then(({ code }) => user.sendMFACode(code, callbacks), reject);
        },
      };
      const details = new AuthenticationDetails({ Username: user.getUsername(), ...(start === 'authenticateUser' ? { Password: PASSWORD } : {}) });
      if (start === 'authenticateUser') user.authenticateUser(details, callbacks);
      else user.initiateAuth(details, callbacks);
    });
  }

  it('SRP custom flow in a pool with MFA ON: SMS_MFA right after the password, then tokens; define is not asked again', async () => {
    const poolId = await createPool(s, { LambdaConfig: triggers('srp-define') });
    await s.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'ON', ...SMS }));
    const { clientId } = await createClient(s, poolId, { ExplicitAuthFlows: ['ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
    await addUser(s, poolId, 'ann', PASSWORD, { attributes: { phone_number: '+15555550111', phone_number_verified: 'true' } });
    const { session, asked } = await acijSignIn(acijUser(poolId, clientId, 'ann'), poolId, 'authenticateUser');
    assert.deepEqual(asked, ['SMS_MFA']);
    assert.equal((await verifierFor(s, poolId, 'access', clientId).verify(session.getAccessToken().getJwtToken())).username, 'ann');
    assert.equal(invocations(poolId, 'DefineAuthChallenge'), 1);
    assert.equal(invocations(poolId, 'CreateAuthChallenge'), 0);
  });

  it('SRP custom flow in a pool with MFA OFF: define goes on after the password (the custom challenge), no MFA', async () => {
    const poolId = await createPool(s, { LambdaConfig: triggers('srp-define') });
    const { clientId } = await createClient(s, poolId, { ExplicitAuthFlows: ['ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
    await addUser(s, poolId, 'bob', PASSWORD, { attributes: { phone_number: '+15555550112', phone_number_verified: 'true' } });
    const { asked } = await acijSignIn(acijUser(poolId, clientId, 'bob'), poolId, 'authenticateUser');
    assert.deepEqual(asked, ['CUSTOM_CHALLENGE']);
    assert.equal(invocations(poolId, 'DefineAuthChallenge'), 3);
  });

  it('remembered device: the second custom sign-in proves the device (DEVICE_SRP_AUTH) and keeps it, instead of a new device each time', async () => {
    const poolId = await createPool(s, {
      LambdaConfig: { ...triggers('code-define'), PreTokenGeneration: arn('tokens') },
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false },
    });
    const { clientId } = await createClient(s, poolId, { ExplicitAuthFlows: ['ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
    await addUser(s, poolId, 'cy');
    const storage = memoryStorage();
    // The first sign-in is issued a new device, which amazon-cognito-identity-js confirms (ConfirmDevice) and keeps.
    const first = await acijSignIn(acijUser(poolId, clientId, 'cy', storage), poolId, 'initiateAuth');
    const deviceKey = first.session.getAccessToken().decodePayload().device_key as string;
    assert.ok(deviceKey);
    const second = await acijSignIn(acijUser(poolId, clientId, 'cy', storage), poolId, 'initiateAuth');
    assert.equal(second.session.getAccessToken().decodePayload().device_key, deviceKey);
    const devices = await s.client.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: 'cy' }));
    assert.deepEqual(devices.Devices?.map((d) => d.DeviceKey), [deviceKey]);
    assert.equal(invocations(poolId, 'DefineAuthChallenge'), 4);
    // The device's sign-in reaches the token trigger as Cognito names it.
    const sources = s.deps.triggerLog!.list({ poolId, limit: 100 }).filter((i) => i.trigger === 'PreTokenGeneration').map((i) => i.triggerSource);
    assert.deepEqual(sources, ['TokenGeneration_AuthenticateDevice', 'TokenGeneration_Authentication']);
  });
});
