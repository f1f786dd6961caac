import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AuthenticationDetails, CognitoUser, CognitoUserPool, type CognitoUserSession } from 'amazon-cognito-identity-js';
import { AdminListUserAuthEventsCommand, SetRiskConfigurationCommand, UpdateAuthEventFeedbackCommand, type AuthEventType } from '@aws-sdk/client-cognito-identity-provider';
import { rejectsWith, startTestServer, type TestServer } from '../helpers/server.js';
import { createClient, createConfirmedUser, createPool, lastMessage, memoryStorage, PASSWORD } from '../helpers/fixtures.js';

/**
 * Threat protection with amazon-cognito-identity-js's SRP sign-in (docs/threat-protection.md): the library sends the
 * browser's fingerprint as UserContextData.EncodedData when AmazonCognitoAdvancedSecurityData is loaded (here a stub
 * on globalThis, as the script Cognito serves to browsers defines it). A new fingerprint is a new device; BLOCK with
 * Notify sends the email whose one-click links cognate serves.
 */
const UNABLE = 'Unable to login because of security reasons.';
let fingerprint = 'browser-1';
const collector = { getData: () => fingerprint };

let s: TestServer;
let poolId: string;
let clientId: string;
before(async () => {
  (globalThis as Record<string, unknown>).AmazonCognitoAdvancedSecurityData = collector;
  s = await startTestServer();
  poolId = await createPool(s, { UserPoolTier: 'PLUS', UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' } });
  ({ clientId } = await createClient(s, poolId));
  await s.client.send(
    new SetRiskConfigurationCommand({
      UserPoolId: poolId,
      AccountTakeoverRiskConfiguration: {
        Actions: { LowAction: { EventAction: 'BLOCK', Notify: true }, MediumAction: { EventAction: 'BLOCK', Notify: true }, HighAction: { EventAction: 'BLOCK', Notify: true } },
        NotifyConfiguration: {
          SourceArn: 'arn:aws:ses:us-east-1:123456789012:identity/example.com',
          From: 'security@example.com',
          BlockEmail: { Subject: 'Blocked sign-in for {username}', TextBody: 'From {ip-address}. Me: {one-click-link-valid} Not me: {one-click-link-invalid}' },
        },
      },
    }),
  );
  await createConfirmedUser(s, poolId, 'ann', { email: 'ann@example.com', email_verified: 'true' });
});
after(async () => {
  delete (globalThis as Record<string, unknown>).AmazonCognitoAdvancedSecurityData;
  await s.stop();
});

function signIn(username: string, password = PASSWORD): Promise<CognitoUserSession> {
  s.clock.advance(1_000);
  const Storage = memoryStorage();
  const pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: s.url, Storage });
  const user = new CognitoUser({ Username: username, Pool: pool, Storage });
  return new Promise((resolve, reject) => user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), { onSuccess: resolve, onFailure: reject }));
}

async function events(username: string): Promise<AuthEventType[]> {
  return (await s.client.send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: username }))).AuthEvents ?? [];
}

describe('threat protection with amazon-cognito-identity-js (USER_SRP_AUTH)', () => {
  it('a new fingerprint is blocked and notified; "this was me" from the email makes the device known', async () => {
    fingerprint = 'browser-1';
    await signIn('ann');
    await assert.rejects(signIn('ann', 'Wr0ng-Password!'), (e: { code?: string; message?: string }) => e.code === 'NotAuthorizedException' && e.message === 'Incorrect username or password.');

    fingerprint = 'browser-2';
    await assert.rejects(signIn('ann'), (e: { code?: string; message?: string }) => e.code === 'NotAuthorizedException' && e.message === UNABLE);
    const list = await events('ann');
    assert.deepEqual(
      list.map((e) => `${e.EventResponse} ${e.EventRisk?.RiskDecision} ${e.EventRisk?.RiskLevel ?? '-'}`),
      ['Fail Block Low', 'Fail NoRisk -', 'Pass NoRisk -'],
    );

    const mail = await lastMessage(s, poolId, 'ann', 'risk-notification');
    assert.equal(mail.destination, 'ann@example.com');
    assert.equal(mail.subject, 'Blocked sign-in for ann');
    assert.match(mail.body, /^From 127\.0\.0\.1\. Me: http/);
    const [valid, invalid] = [...mail.body.matchAll(/http\S+/g)].map((m) => m[0]);
    assert.ok(valid && invalid && valid !== invalid);

    // The token is bound to its event: used on another event, or altered, it is refused.
    const other = new URL(valid);
    other.searchParams.set('event_id', list[1]!.EventId!);
    assert.equal((await fetch(other)).status, 400);
    const forged = new URL(valid);
    forged.searchParams.set('token', 'x'.repeat(43));
    const refused = await fetch(forged);
    assert.equal(refused.status, 400);
    assert.equal(await refused.text(), 'The feedback token is not valid for this event.\n');
    await rejectsWith(
      s.client.send(new UpdateAuthEventFeedbackCommand({ UserPoolId: poolId, Username: 'ann', EventId: list[0]!.EventId!, FeedbackToken: 'x'.repeat(43), FeedbackValue: 'Valid' })),
      'NotAuthorizedException',
      'The feedback token is not valid for this event.',
    );

    const page = await fetch(valid);
    assert.equal(page.status, 200);
    const [blocked] = await events('ann');
    assert.equal(blocked!.EventFeedback?.FeedbackValue, 'Valid');
    assert.equal(blocked!.EventFeedback?.Provider, 'User');

    assert.ok((await signIn('ann')).getAccessToken().getJwtToken(), 'the device she confirmed is known');
    assert.equal((await events('ann'))[0]!.EventRisk?.RiskDecision, 'NoRisk');
  });
});
