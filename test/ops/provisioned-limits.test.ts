import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdminGetUserCommand, CreateUserPoolCommand, GetProvisionedLimitCommand, UpdateProvisionedLimitCommand } from '@aws-sdk/client-cognito-identity-provider';
import { ManualClock } from '../../src/platform/clock.js';
import { rejectsWith, startTestServer, type TestServer } from '../helpers/server.js';
import { rawRequest } from '../security/helpers.js';

/**
 * GetProvisionedLimit / UpdateProvisionedLimit (issue 16): the API_CATEGORY limits of the request-rate quotas
 * (docs/security.md, Quotas). UpdateProvisionedLimit is how a limit is raised: it changes what is enforced.
 */
const T0 = Date.UTC(2026, 5, 1, 12, 0, 0, 0);
const definition = (Category: string, extra: Record<string, string> = {}) => ({ LimitClass: 'API_CATEGORY' as const, Attributes: { Category, ...extra } });

describe('GetProvisionedLimit and UpdateProvisionedLimit', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ clock: new ManualClock(T0), env: { COGNATE_QUOTA_LIMITS: 'UserRead=2' } });
  });
  after(async () => s.stop());

  it('reports a category\'s free limit as its provisioned limit until one is set (Cognito\'s default, or the configured one)', async () => {
    const { Limit } = await s.client.send(new GetProvisionedLimitCommand({ LimitDefinition: definition('UserAuthentication') }));
    assert.deepEqual(Limit, { LimitDefinition: definition('UserAuthentication'), ProvisionedLimitValue: 120, FreeLimitValue: 120 });
    const read = await s.client.send(new GetProvisionedLimitCommand({ LimitDefinition: definition('UserRead') }));
    assert.deepEqual(read.Limit, { LimitDefinition: definition('UserRead'), ProvisionedLimitValue: 2, FreeLimitValue: 2 });
    const management = await s.client.send(new GetProvisionedLimitCommand({ LimitDefinition: definition('LimitManagement') }));
    assert.equal(management.Limit!.FreeLimitValue, 1);
  });

  it('sets the provisioned limit of an adjustable category between its free limit and ten times it', async () => {
    const { Limit } = await s.client.send(new UpdateProvisionedLimitCommand({ LimitDefinition: definition('UserCreation'), RequestedLimitValue: 300 }));
    assert.deepEqual(Limit, { LimitDefinition: definition('UserCreation'), ProvisionedLimitValue: 300, FreeLimitValue: 50 });
    const read = await s.client.send(new GetProvisionedLimitCommand({ LimitDefinition: definition('UserCreation') }));
    assert.equal(read.Limit!.ProvisionedLimitValue, 300);
    await s.client.send(new UpdateProvisionedLimitCommand({ LimitDefinition: definition('UserCreation'), RequestedLimitValue: 50 }));
    assert.equal((await s.client.send(new GetProvisionedLimitCommand({ LimitDefinition: definition('UserCreation') }))).Limit!.ProvisionedLimitValue, 50, 'back to the default');
    await s.client.send(new UpdateProvisionedLimitCommand({ LimitDefinition: definition('UserCreation'), RequestedLimitValue: 500 }));
  });

  it('refuses a category that is not adjustable, a value below the free limit, and one above the account maximum', async () => {
    await rejectsWith(
      s.client.send(new UpdateProvisionedLimitCommand({ LimitDefinition: definition('UserUpdate'), RequestedLimitValue: 30 })),
      'InvalidParameterException',
      'Only adjustable quota categories support provisioning: UserUpdate is not adjustable.',
    );
    await rejectsWith(
      s.client.send(new UpdateProvisionedLimitCommand({ LimitDefinition: definition('UserAuthentication'), RequestedLimitValue: 119 })),
      'InvalidParameterException',
      'RequestedLimitValue must be at least the default limit of UserAuthentication (120).',
    );
    await rejectsWith(
      s.client.send(new UpdateProvisionedLimitCommand({ LimitDefinition: definition('UserCreation'), RequestedLimitValue: 501 })),
      'ServiceQuotaExceededException',
      'RequestedLimitValue exceeds the account-level maximum limit of UserCreation (500).',
    );
    assert.equal((await s.client.send(new GetProvisionedLimitCommand({ LimitDefinition: definition('UserAuthentication') }))).Limit!.ProvisionedLimitValue, 120);
  });

  it('refuses a definition without Category, with other attributes, or naming no category', async () => {
    for (const send of [
      (LimitDefinition: any) => s.client.send(new GetProvisionedLimitCommand({ LimitDefinition })),
      (LimitDefinition: any) => s.client.send(new UpdateProvisionedLimitCommand({ LimitDefinition, RequestedLimitValue: 200 })),
    ]) {
      await rejectsWith(send({ LimitClass: 'API_CATEGORY', Attributes: {} }), 'InvalidParameterException', 'Limit class API_CATEGORY requires the Category attribute.');
      await rejectsWith(send(definition('UserRead', { Pool: 'x' })), 'InvalidParameterException', 'Limit class API_CATEGORY has no attribute Pool; it takes Category.');
      await rejectsWith(send(definition('UserReads')), 'ResourceNotFoundException', 'No limit found for API_CATEGORY UserReads.');
    }
  });

  it('validates the request against the model (LimitClass, required members)', async () => {
    const bad = await rawRequest(s.url, { target: 'GetProvisionedLimit', sign: true, body: JSON.stringify({ LimitDefinition: { LimitClass: 'RATE', Attributes: { Category: 'UserRead' } } }) });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.__type, 'InvalidParameterException');
    assert.equal(bad.json.message, "1 validation error detected: Value 'RATE' at 'limitDefinition.limitClass' failed to satisfy constraint: Member must satisfy enum value set: [API_CATEGORY]");
    const missing = await rawRequest(s.url, { target: 'UpdateProvisionedLimit', sign: true, body: JSON.stringify({ LimitDefinition: definition('UserRead') }) });
    assert.equal(missing.json.__type, 'InvalidParameterException');
    assert.match(missing.json.message, /requestedLimitValue/);
  });
});

describe('UpdateProvisionedLimit changes what is enforced, and survives a restart', () => {
  let dataDir: string;
  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'cognate-limits-'));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('raising UserRead from 2 to 5 admits three more requests in the same second; LimitManagement allows one call a second', async () => {
    const clock = new ManualClock(T0);
    const s = await startTestServer({ clock, dataDir, env: { COGNATE_QUOTAS: 'on', COGNATE_QUOTA_LIMITS: 'UserRead=2' } });
    try {
      const poolId = (await s.client.send(new CreateUserPoolCommand({ PoolName: 'limits' }))).UserPool!.Id!;
      clock.advance(1000);
      const getUser = () => s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'nobody' }));
      await rejectsWith(getUser(), 'UserNotFoundException');
      await rejectsWith(getUser(), 'UserNotFoundException');
      await rejectsWith(getUser(), 'TooManyRequestsException', 'Rate exceeded');
      await s.client.send(new UpdateProvisionedLimitCommand({ LimitDefinition: definition('UserRead'), RequestedLimitValue: 5 }));
      await rejectsWith(s.client.send(new GetProvisionedLimitCommand({ LimitDefinition: definition('UserRead') })), 'TooManyRequestsException', 'Rate exceeded');
      for (let i = 0; i < 3; i++) await rejectsWith(getUser(), 'UserNotFoundException');
      await rejectsWith(getUser(), 'TooManyRequestsException');
    } finally {
      await s.stop();
    }
    const again = await startTestServer({ clock, dataDir, env: { COGNATE_QUOTAS: 'on', COGNATE_QUOTA_LIMITS: 'UserRead=2' } });
    try {
      clock.advance(1000);
      const { Limit } = await again.client.send(new GetProvisionedLimitCommand({ LimitDefinition: definition('UserRead') }));
      assert.deepEqual(Limit, { LimitDefinition: definition('UserRead'), ProvisionedLimitValue: 5, FreeLimitValue: 2 });
    } finally {
      await again.stop();
    }
  });
});
