import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AdminListUserAuthEventsCommand, InitiateAuthCommand, SetRiskConfigurationCommand } from '@aws-sdk/client-cognito-identity-provider';
import { rejectsWith, type TestServer } from '../helpers/server.js';
import { createClient, createConfirmedUser, createPool } from '../helpers/fixtures.js';
import { arn, HandlerFolder, startTriggerServer } from '../triggers/helpers.js';

/**
 * Threat protection of CUSTOM_AUTH (docs/threat-protection.md "Settings", "Actions at sign-in"): evaluated only with
 * AdvancedSecurityAdditionalFlows.CustomAuthMode; BLOCK refuses when the custom flow would issue tokens.
 */
const ISSUE_AT_ONCE = `export const handler = async (event) => {
  event.response.issueTokens = true;
  event.response.failAuthentication = false;
  return event;
};
`;

let s: TestServer;
let handlers: HandlerFolder;
before(async () => {
  handlers = new HandlerFolder();
  s = await startTriggerServer({ define: { module: handlers.write('define.mjs', ISSUE_AT_ONCE) } });
});
after(async () => {
  await s.stop();
  handlers.remove();
});

async function customPool(customAuthMode?: 'AUDIT' | 'ENFORCED') {
  const poolId = await createPool(s, {
    UserPoolTier: 'PLUS',
    UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED', ...(customAuthMode ? { AdvancedSecurityAdditionalFlows: { CustomAuthMode: customAuthMode } } : {}) },
    LambdaConfig: { DefineAuthChallenge: arn('define') },
  });
  const { clientId } = await createClient(s, poolId, { ExplicitAuthFlows: ['ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
  const block = { EventAction: 'BLOCK' as const, Notify: false };
  await s.client.send(new SetRiskConfigurationCommand({ UserPoolId: poolId, AccountTakeoverRiskConfiguration: { Actions: { LowAction: block, MediumAction: block, HighAction: block } } }));
  await createConfirmedUser(s, poolId, 'max');
  const custom = (encoded: string) => {
    s.clock.advance(1_000);
    return s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'max' }, UserContextData: { EncodedData: encoded } }));
  };
  const events = async () => (await s.client.send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: 'max' }))).AuthEvents ?? [];
  return { custom, events };
}

describe('threat protection of CUSTOM_AUTH', () => {
  it('with CustomAuthMode ENFORCED a new device is blocked; without it custom sign-ins are not evaluated', async () => {
    const enforced = await customPool('ENFORCED');
    assert.ok((await enforced.custom('browser-1')).AuthenticationResult?.AccessToken);
    await rejectsWith(enforced.custom('browser-2'), 'NotAuthorizedException', 'Unable to login because of security reasons.');
    assert.deepEqual((await enforced.events()).map((e) => `${e.EventResponse} ${e.EventRisk?.RiskDecision} ${e.EventRisk?.RiskLevel ?? '-'}`), ['Fail Block Low', 'Pass NoRisk -']);

    const audited = await customPool('AUDIT');
    await audited.custom('browser-1');
    assert.ok((await audited.custom('browser-2')).AuthenticationResult, 'AUDIT records and lets it through');
    assert.equal((await audited.events())[0]!.EventResponse, 'Pass');

    const off = await customPool();
    await off.custom('browser-1');
    assert.ok((await off.custom('browser-2')).AuthenticationResult);
    assert.deepEqual(await off.events(), []);
  });
});
