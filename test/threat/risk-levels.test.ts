import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminListUserAuthEventsCommand,
  AdminRespondToAuthChallengeCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateAuthEventFeedbackCommand,
  ChangePasswordCommand,
  InitiateAuthCommand,
  SetRiskConfigurationCommand,
  SetUserPoolMfaConfigCommand,
  SignUpCommand,
  type AccountTakeoverActionsType,
  type AuthEventType,
  type SetRiskConfigurationRequest,
} from '@aws-sdk/client-cognito-identity-provider';
import { rejectsWith, startTestServer, type TestServer } from '../helpers/server.js';
import { createClient, createConfirmedUser, createPool, lastCode, PASSWORD } from '../helpers/fixtures.js';

/**
 * Threat protection through the SDK (docs/threat-protection.md): each risk level provoked on purpose — a new address,
 * a new address and device, a burst of wrong passwords — in AUDIT and ENFORCED mode, the action the client sees, and
 * the events AdminListUserAuthEvents lists afterwards.
 */
const UNABLE = 'Unable to login because of security reasons.';
const BREACHED = 'password123';

let s: TestServer;
before(async () => {
  s = await startTestServer();
});
after(async () => {
  await s.stop();
});

async function threatPool(mode: 'AUDIT' | 'ENFORCED', risk: Omit<SetRiskConfigurationRequest, 'UserPoolId'> = {}) {
  const poolId = await createPool(s, {
    UserPoolTier: 'PLUS',
    UserPoolAddOns: { AdvancedSecurityMode: mode },
    Policies: { PasswordPolicy: { MinimumLength: 8, RequireLowercase: false, RequireUppercase: false, RequireNumbers: false, RequireSymbols: false } },
  });
  const { clientId } = await createClient(s, poolId);
  await s.client.send(new SetRiskConfigurationCommand({ UserPoolId: poolId, ...risk }));
  return { poolId, clientId };
}

const actions = (low: string, medium: string, high: string): AccountTakeoverActionsType => ({
  LowAction: { EventAction: low as never, Notify: false },
  MediumAction: { EventAction: medium as never, Notify: false },
  HighAction: { EventAction: high as never, Notify: false },
});

/** An ADMIN_USER_PASSWORD_AUTH sign-in as a server would make it for its user at `ip`, with the browser's fingerprint. */
function adminSignIn(poolId: string, clientId: string, username: string, ip: string, encoded?: string, password = PASSWORD) {
  s.clock.advance(1_000); // each attempt at a time of its own: the history is ordered by time
  return s.client.send(
    new AdminInitiateAuthCommand({
      UserPoolId: poolId,
      ClientId: clientId,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: password },
      ContextData: { IpAddress: ip, ServerName: 'app.example.com', ServerPath: '/login', HttpHeaders: [], ...(encoded ? { EncodedData: encoded } : {}) },
    }),
  );
}

async function events(poolId: string, username: string): Promise<AuthEventType[]> {
  return (await s.client.send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: username, MaxResults: 60 }))).AuthEvents ?? [];
}

/** Each event as "response decision level [challenge:response…] ip", newest first. */
const summary = (list: AuthEventType[]) =>
  list.map((e) =>
    [
      e.EventResponse,
      e.EventRisk?.RiskDecision,
      e.EventRisk?.RiskLevel ?? '-',
      (e.ChallengeResponses ?? []).map((c) => `${c.ChallengeName}:${c.ChallengeResponse}`).join(','),
      e.EventContextData?.IpAddress ?? '-',
    ].join(' '),
  );

async function wrongPasswords(poolId: string, clientId: string, username: string, ip: string, n: number) {
  for (let i = 0; i < n; i++) {
    await rejectsWith(adminSignIn(poolId, clientId, username, ip, undefined, 'wrong-password'), 'NotAuthorizedException', 'Incorrect username or password.');
    s.clock.advance(2_000); // past the lockout's doubling second, so each attempt is evaluated
  }
}

describe('threat protection: risk levels and actions (SDK)', () => {
  it('AUDIT: a new address is Low, a new address and device Medium, both after a burst of failures High; nothing is refused', async () => {
    const { poolId, clientId } = await threatPool('AUDIT', { AccountTakeoverRiskConfiguration: { Actions: actions('BLOCK', 'BLOCK', 'BLOCK') } });
    await createConfirmedUser(s, poolId, 'ann');
    const ok = async (ip: string, encoded?: string) => assert.ok((await adminSignIn(poolId, clientId, 'ann', ip, encoded)).AuthenticationResult?.AccessToken);

    await ok('10.0.0.1'); // the first sign-in: nothing to compare with
    await ok('10.0.0.1'); // the same place again
    await ok('10.0.0.2'); // new address
    await ok('10.0.0.3', 'browser-2'); // new address and device
    await wrongPasswords(poolId, clientId, 'ann', '10.0.0.4', 5);
    await ok('10.0.0.4', 'browser-3'); // both, after five failures

    const list = await events(poolId, 'ann');
    assert.deepEqual(summary(list), [
      'Pass Block High Password:Success 10.0.0.4',
      ...Array(5).fill('Fail NoRisk - Password:Failure 10.0.0.4'),
      'Pass Block Medium Password:Success 10.0.0.3',
      'Pass Block Low Password:Success 10.0.0.2',
      'Pass NoRisk - Password:Success 10.0.0.1',
      'Pass NoRisk - Password:Success 10.0.0.1',
    ]);
    for (const e of list) {
      assert.equal(e.EventType, 'SignIn');
      assert.equal(e.EventRisk?.CompromisedCredentialsDetected, false);
      assert.ok(e.EventId && e.CreationDate instanceof Date);
    }
    assert.ok(list[0]!.CreationDate! > list[list.length - 1]!.CreationDate!, 'newest first');
  });

  it('ENFORCED: NO_ACTION lets Low through, MFA_IF_CONFIGURED asks an OPTIONAL-MFA user who never chose for the factor they have, BLOCK refuses High', async () => {
    const { poolId, clientId } = await threatPool('ENFORCED', { AccountTakeoverRiskConfiguration: { Actions: actions('NO_ACTION', 'MFA_IF_CONFIGURED', 'BLOCK') } });
    await s.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'OPTIONAL', EmailMfaConfiguration: { Message: 'code {####}', Subject: 'code' } }));
    await createConfirmedUser(s, poolId, 'bea', { email: 'bea@example.com', email_verified: 'true' });

    assert.ok((await adminSignIn(poolId, clientId, 'bea', '10.1.0.1')).AuthenticationResult, 'baseline');
    assert.ok((await adminSignIn(poolId, clientId, 'bea', '10.1.0.2')).AuthenticationResult, 'Low: no action');

    const medium = await adminSignIn(poolId, clientId, 'bea', '10.1.0.3', 'browser-2');
    assert.equal(medium.ChallengeName, 'EMAIL_OTP', 'Medium: the email factor she has');
    const code = await lastCode(s, poolId, 'bea');
    const done = await s.client.send(
      new AdminRespondToAuthChallengeCommand({ UserPoolId: poolId, ClientId: clientId, ChallengeName: 'EMAIL_OTP', Session: medium.Session, ChallengeResponses: { USERNAME: 'bea', EMAIL_OTP_CODE: code } }),
    );
    assert.ok(done.AuthenticationResult?.AccessToken);

    await wrongPasswords(poolId, clientId, 'bea', '10.1.0.4', 5);
    await rejectsWith(adminSignIn(poolId, clientId, 'bea', '10.1.0.4', 'browser-3'), 'NotAuthorizedException', UNABLE);

    assert.deepEqual(summary(await events(poolId, 'bea')).filter((e) => !e.startsWith('Fail NoRisk')), [
      'Fail Block High Password:Success 10.1.0.4',
      'Pass AccountTakeover Medium Password:Success,Mfa:Success 10.1.0.3',
      'Pass AccountTakeover Low Password:Success 10.1.0.2',
      'Pass NoRisk - Password:Success 10.1.0.1',
    ]);
  });

  it('ENFORCED MFA_REQUIRED: a user who can receive no factor is refused; MFA_IF_CONFIGURED lets the same user in', async () => {
    for (const [action, refused] of [['MFA_REQUIRED', true], ['MFA_IF_CONFIGURED', false]] as const) {
      const { poolId, clientId } = await threatPool('ENFORCED', { AccountTakeoverRiskConfiguration: { Actions: actions(action, action, action) } });
      await s.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } }));
      await createConfirmedUser(s, poolId, 'cy');
      await adminSignIn(poolId, clientId, 'cy', '10.2.0.1');
      const risky = adminSignIn(poolId, clientId, 'cy', '10.2.0.2');
      if (refused) await rejectsWith(risky, 'NotAuthorizedException', UNABLE);
      else assert.ok((await risky).AuthenticationResult?.AccessToken, action);
      const [latest] = summary(await events(poolId, 'cy'));
      assert.equal(latest, refused ? 'Fail Block Low Password:Success 10.2.0.2' : 'Pass AccountTakeover Low Password:Success 10.2.0.2', action);
    }
  });

  it('feedback feeds later decisions: "this was me" makes an address known, "this wasn\'t me" makes it a reported one', async () => {
    const { poolId, clientId } = await threatPool('AUDIT');
    await createConfirmedUser(s, poolId, 'dan');
    await adminSignIn(poolId, clientId, 'dan', '10.3.0.1');
    await adminSignIn(poolId, clientId, 'dan', '10.3.0.2');
    const [low] = await events(poolId, 'dan');
    assert.equal(low!.EventRisk?.RiskLevel, 'Low');
    await s.client.send(new AdminUpdateAuthEventFeedbackCommand({ UserPoolId: poolId, Username: 'dan', EventId: low!.EventId!, FeedbackValue: 'Invalid' }));
    const [withFeedback] = await events(poolId, 'dan');
    assert.equal(withFeedback!.EventFeedback?.FeedbackValue, 'Invalid');
    assert.equal(withFeedback!.EventFeedback?.Provider, 'Admin');
    assert.ok(withFeedback!.EventFeedback?.FeedbackDate instanceof Date);

    // From the reported address again: it passed once (so it is not new), but the report adds 2 points → Medium.
    await adminSignIn(poolId, clientId, 'dan', '10.3.0.2');
    assert.equal((await events(poolId, 'dan'))[0]!.EventRisk?.RiskLevel, 'Medium');

    // A failed attempt from a new address, which the administrator says was the user: the address is known from then on.
    await rejectsWith(adminSignIn(poolId, clientId, 'dan', '10.3.0.9', undefined, 'wrong-password'), 'NotAuthorizedException', 'Incorrect username or password.');
    const [failed] = await events(poolId, 'dan');
    await s.client.send(new AdminUpdateAuthEventFeedbackCommand({ UserPoolId: poolId, Username: 'dan', EventId: failed!.EventId!, FeedbackValue: 'Valid' }));
    await adminSignIn(poolId, clientId, 'dan', '10.3.0.9');
    assert.equal((await events(poolId, 'dan'))[0]!.EventRisk?.RiskDecision, 'NoRisk');
  });

  it('IP exceptions: a skipped range is never evaluated; a blocked range is refused before the password, in ENFORCED mode only', async () => {
    const { poolId, clientId } = await threatPool('ENFORCED', {
      AccountTakeoverRiskConfiguration: { Actions: actions('BLOCK', 'BLOCK', 'BLOCK') },
      RiskExceptionConfiguration: { SkippedIPRangeList: ['192.168.0.0/16'], BlockedIPRangeList: ['203.0.113.0/24'] },
    });
    await createConfirmedUser(s, poolId, 'eve');
    await adminSignIn(poolId, clientId, 'eve', '10.4.0.1');
    assert.ok((await adminSignIn(poolId, clientId, 'eve', '192.168.7.7', 'other-browser')).AuthenticationResult, 'skipped: no risk');
    await rejectsWith(adminSignIn(poolId, clientId, 'eve', '203.0.113.9', undefined, 'wrong-password'), 'NotAuthorizedException', 'Request not allowed due to security reasons.');
    assert.deepEqual(summary(await events(poolId, 'eve')), ['Pass NoRisk - Password:Success 192.168.7.7', 'Pass NoRisk - Password:Success 10.4.0.1']);

    const audit = await threatPool('AUDIT', { RiskExceptionConfiguration: { BlockedIPRangeList: ['203.0.113.0/24'] } });
    await createConfirmedUser(s, audit.poolId, 'eve');
    assert.ok((await adminSignIn(audit.poolId, audit.clientId, 'eve', '203.0.113.9')).AuthenticationResult, 'AUDIT never refuses');
  });

  it('compromised credentials with BLOCK (ENFORCED): sign-up and a breached password at sign-in are refused, the user must reset', async () => {
    const { poolId, clientId } = await threatPool('ENFORCED', { CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'BLOCK' } } });
    for (const password of [BREACHED, 'PASSWORD123']) {
      const signUp = s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'fay', Password: password }));
      await rejectsWith(signUp, 'InvalidPasswordException', 'Provided password cannot be used for security reasons.');
    }
    assert.ok((await s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'fay', Password: PASSWORD }))).UserSub);

    // An administrator-set password is not checked; signing in with it is.
    await createConfirmedUser(s, poolId, 'gus', {}, BREACHED);
    await rejectsWith(adminSignIn(poolId, clientId, 'gus', '10.5.0.1', undefined, BREACHED), 'PasswordResetRequiredException', 'Password reset required for the user');
    assert.equal((await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'gus' }))).UserStatus, 'RESET_REQUIRED');
    const [e] = await events(poolId, 'gus');
    assert.equal(e!.EventRisk?.CompromisedCredentialsDetected, true);
    assert.equal(e!.EventResponse, 'Fail');
    assert.equal(e!.EventRisk?.RiskDecision, 'Block');

    await s.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'gus', Password: PASSWORD, Permanent: true }));
    assert.ok((await adminSignIn(poolId, clientId, 'gus', '10.5.0.1')).AuthenticationResult);
    assert.equal((await events(poolId, 'gus'))[0]!.EventRisk?.CompromisedCredentialsDetected, false);
  });

  it('compromised credentials in AUDIT mode (or NO_ACTION) are recorded and nothing is refused', async () => {
    for (const [mode, action] of [['AUDIT', 'BLOCK'], ['ENFORCED', 'NO_ACTION']] as const) {
      const { poolId, clientId } = await threatPool(mode, { CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: action } } });
      assert.ok((await s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'hal', Password: BREACHED }))).UserSub);
      await createConfirmedUser(s, poolId, 'ida', {}, BREACHED);
      assert.ok((await adminSignIn(poolId, clientId, 'ida', '10.6.0.1', undefined, BREACHED)).AuthenticationResult, mode);
      const [e] = await events(poolId, 'ida');
      assert.equal(e!.EventRisk?.CompromisedCredentialsDetected, true, mode);
      assert.equal(e!.EventResponse, 'Pass', mode);
    }
  });

  it('every password flow is evaluated: USER_PASSWORD_AUTH and USER_AUTH with PASSWORD see the fingerprint in UserContextData', async () => {
    const { poolId } = await threatPool('ENFORCED', { AccountTakeoverRiskConfiguration: { Actions: actions('BLOCK', 'BLOCK', 'BLOCK') } });
    const { clientId } = await createClient(s, poolId, { ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
    await createConfirmedUser(s, poolId, 'jo');
    const initiate = (flow: 'USER_PASSWORD_AUTH' | 'USER_AUTH', encoded: string, password = PASSWORD) => {
      s.clock.advance(1_000);
      const params: Record<string, string> = { USERNAME: 'jo', PASSWORD: password, ...(flow === 'USER_AUTH' ? { PREFERRED_CHALLENGE: 'PASSWORD' } : {}) };
      return s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: flow, AuthParameters: params, UserContextData: { EncodedData: encoded } }));
    };
    assert.ok((await initiate('USER_PASSWORD_AUTH', 'browser-1')).AuthenticationResult);
    assert.ok((await initiate('USER_AUTH', 'browser-1')).AuthenticationResult, 'the same device through USER_AUTH');
    await rejectsWith(initiate('USER_AUTH', 'browser-1', 'wrong-password'), 'NotAuthorizedException', 'Incorrect username or password.');
    await rejectsWith(initiate('USER_AUTH', 'browser-2'), 'NotAuthorizedException', UNABLE);
    await rejectsWith(initiate('USER_PASSWORD_AUTH', 'browser-3'), 'NotAuthorizedException', UNABLE);
    // Without a secret and EnablePropagateAdditionalUserContextData, the address is the request's own.
    assert.deepEqual(summary(await events(poolId, 'jo')), [
      'Fail Block Low Password:Success 127.0.0.1',
      'Fail Block Low Password:Success 127.0.0.1',
      'Fail NoRisk - Password:Failure 127.0.0.1',
      'Pass NoRisk - Password:Success 127.0.0.1',
      'Pass NoRisk - Password:Success 127.0.0.1',
    ]);
  });

  it('compromised credentials on password change (BLOCK): refused with the same text and recorded as a PasswordChange event', async () => {
    const { poolId, clientId } = await threatPool('ENFORCED', {
      CompromisedCredentialsRiskConfiguration: { EventFilter: ['PASSWORD_CHANGE'], Actions: { EventAction: 'BLOCK' } },
    });
    await createConfirmedUser(s, poolId, 'kim');
    const token = (await adminSignIn(poolId, clientId, 'kim', '10.7.0.1')).AuthenticationResult!.AccessToken!;
    s.clock.advance(1_000); // the change is listed after the sign-in, not tied with it
    await rejectsWith(
      s.client.send(new ChangePasswordCommand({ AccessToken: token, PreviousPassword: PASSWORD, ProposedPassword: BREACHED })),
      'InvalidPasswordException',
      'Provided password cannot be used for security reasons.',
    );
    const [change] = await events(poolId, 'kim');
    assert.equal(change!.EventType, 'PasswordChange');
    assert.equal(change!.EventResponse, 'Fail');
    assert.equal(change!.EventRisk?.CompromisedCredentialsDetected, true);
    // SIGN_UP is not in the filter: a breached password is accepted there.
    assert.ok((await s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'lee', Password: BREACHED }))).UserSub);
  });
});
