import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminCreateUserCommand,
  AdminListUserAuthEventsCommand,
  AdminUpdateAuthEventFeedbackCommand,
  DeleteUserPoolClientCommand,
  DescribeRiskConfigurationCommand,
  GetLogDeliveryConfigurationCommand,
  SetLogDeliveryConfigurationCommand,
  SetRiskConfigurationCommand,
  UpdateAuthEventFeedbackCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { rejectsWith, startTestServer, type TestServer } from '../helpers/server.js';
import { createClient, createPool } from '../helpers/fixtures.js';

const LOG_GROUP = 'arn:aws:logs:us-east-1:000000000000:log-group:/aws/vendedlogs/cognito';
const ADD_ON = 'Threat protection (advanced security features) is not enabled for this user pool.';

describe('log delivery: Get/SetLogDeliveryConfiguration', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.stop());

  it('a new pool has no log configurations; a set one is stored and read back; an empty list clears it', async () => {
    const poolId = await createPool(s);
    const get = async () => (await s.client.send(new GetLogDeliveryConfigurationCommand({ UserPoolId: poolId }))).LogDeliveryConfiguration;
    assert.deepEqual(await get(), { UserPoolId: poolId, LogConfigurations: [] });
    const config = [{ LogLevel: 'ERROR' as const, EventSource: 'userNotification' as const, CloudWatchLogsConfiguration: { LogGroupArn: LOG_GROUP } }];
    const { LogDeliveryConfiguration } = await s.client.send(new SetLogDeliveryConfigurationCommand({ UserPoolId: poolId, LogConfigurations: config }));
    assert.deepEqual(LogDeliveryConfiguration, { UserPoolId: poolId, LogConfigurations: config });
    assert.deepEqual(await get(), { UserPoolId: poolId, LogConfigurations: config });
    await s.client.send(new SetLogDeliveryConfigurationCommand({ UserPoolId: poolId, LogConfigurations: [] }));
    assert.deepEqual(await get(), { UserPoolId: poolId, LogConfigurations: [] });
  });

  it('validates levels, destinations, duplicates, the account and the feature plan', async () => {
    const poolId = await createPool(s);
    const set = (LogConfigurations: any[]) => s.client.send(new SetLogDeliveryConfigurationCommand({ UserPoolId: poolId, LogConfigurations }));
    await rejectsWith(set([{ LogLevel: 'INFO', EventSource: 'userNotification', CloudWatchLogsConfiguration: { LogGroupArn: LOG_GROUP } }]), 'InvalidParameterException', 'userNotification logs support only the ERROR log level.');
    await rejectsWith(set([{ LogLevel: 'ERROR', EventSource: 'userNotification', S3Configuration: { BucketArn: 'arn:aws:s3:::logs' } }]), 'InvalidParameterException', 'userNotification logs can only be delivered to CloudWatch Logs.');
    await rejectsWith(set([{ LogLevel: 'ERROR', EventSource: 'userNotification' }]), 'InvalidParameterException', 'Each log configuration must have exactly one destination.');
    const ok = { LogLevel: 'ERROR', EventSource: 'userNotification', CloudWatchLogsConfiguration: { LogGroupArn: LOG_GROUP } };
    await rejectsWith(set([ok, ok]), 'InvalidParameterException', 'Only one log configuration is allowed for the event source userNotification.');
    await rejectsWith(
      set([{ ...ok, CloudWatchLogsConfiguration: { LogGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:x' } }]),
      'InvalidParameterException',
      'The log destination must be in the same account as the user pool.',
    );
    await rejectsWith(
      set([{ LogLevel: 'INFO', EventSource: 'userAuthEvents', S3Configuration: { BucketArn: 'arn:aws:s3:::logs' } }]),
      'FeatureUnavailableInTierException',
      'Exporting user auth events requires the PLUS feature plan.',
    );
    const plus = await createPool(s, { UserPoolTier: 'PLUS' });
    const { LogDeliveryConfiguration } = await s.client.send(
      new SetLogDeliveryConfigurationCommand({ UserPoolId: plus, LogConfigurations: [{ LogLevel: 'INFO', EventSource: 'userAuthEvents', S3Configuration: { BucketArn: 'arn:aws:s3:::logs' } }] }),
    );
    assert.equal(LogDeliveryConfiguration!.LogConfigurations!.length, 1);
    await rejectsWith(set([{ ...ok, LogLevel: 'DEBUG' }]), 'InvalidParameterException', /^1 validation error detected: Value 'DEBUG' at 'logConfigurations.1.member.logLevel' failed to satisfy constraint: Member must satisfy enum value set/);
    await rejectsWith(
      s.client.send(new GetLogDeliveryConfigurationCommand({ UserPoolId: 'us-east-1_nosuchpol' })),
      'ResourceNotFoundException',
      'User pool us-east-1_nosuchpol does not exist.',
    );
  });
});

describe('threat protection settings: Set/DescribeRiskConfiguration, auth events and feedback', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.stop());

  it('stores the pool-wide and per-client configurations separately; a client deletion drops its own', async () => {
    const poolId = await createPool(s);
    const { clientId } = await createClient(s, poolId);
    const describe = async (ClientId?: string) => (await s.client.send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId, ClientId }))).RiskConfiguration!;
    assert.deepEqual(await describe(), { UserPoolId: poolId });

    const { RiskConfiguration } = await s.client.send(
      new SetRiskConfigurationCommand({
        UserPoolId: poolId,
        CompromisedCredentialsRiskConfiguration: { EventFilter: ['SIGN_IN'], Actions: { EventAction: 'BLOCK' } },
        RiskExceptionConfiguration: { BlockedIPRangeList: ['192.0.2.0/24'], SkippedIPRangeList: ['2001:db8::/32'] },
      }),
    );
    assert.equal(RiskConfiguration!.CompromisedCredentialsRiskConfiguration!.Actions!.EventAction, 'BLOCK');
    assert.ok(RiskConfiguration!.LastModifiedDate instanceof Date);
    await s.client.send(
      new SetRiskConfigurationCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        AccountTakeoverRiskConfiguration: { Actions: { HighAction: { Notify: false, EventAction: 'MFA_REQUIRED' } } },
      }),
    );
    assert.deepEqual((await describe()).RiskExceptionConfiguration, { BlockedIPRangeList: ['192.0.2.0/24'], SkippedIPRangeList: ['2001:db8::/32'] });
    const perClient = await describe(clientId);
    assert.equal(perClient.ClientId, clientId);
    assert.equal(perClient.AccountTakeoverRiskConfiguration!.Actions!.HighAction!.EventAction, 'MFA_REQUIRED');
    assert.equal(perClient.CompromisedCredentialsRiskConfiguration, undefined);

    await s.client.send(new DeleteUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }));
    await rejectsWith(s.client.send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId, ClientId: clientId })), 'ResourceNotFoundException', `User pool client ${clientId} does not exist.`);
    // Setting nothing returns the pool to the defaults.
    await s.client.send(new SetRiskConfigurationCommand({ UserPoolId: poolId }));
    assert.deepEqual(await describe(), { UserPoolId: poolId });
  });

  it('validates IP ranges and notification settings', async () => {
    const poolId = await createPool(s);
    await rejectsWith(
      s.client.send(new SetRiskConfigurationCommand({ UserPoolId: poolId, RiskExceptionConfiguration: { BlockedIPRangeList: ['10.0.0.0/33'] } })),
      'InvalidParameterException',
      '10.0.0.0/33 is not a valid IP address range in CIDR notation.',
    );
    await rejectsWith(
      s.client.send(new SetRiskConfigurationCommand({ UserPoolId: poolId, AccountTakeoverRiskConfiguration: { Actions: { LowAction: { Notify: true, EventAction: 'NO_ACTION' } } } })),
      'InvalidParameterException',
      'NotifyConfiguration is required when an account takeover action notifies the user.',
    );
  });

  it('auth events and feedback need threat protection; with it on, the history is empty and no event id is known', async () => {
    const off = await createPool(s);
    await s.client.send(new AdminCreateUserCommand({ UserPoolId: off, Username: 'ann', MessageAction: 'SUPPRESS' }));
    await rejectsWith(s.client.send(new AdminListUserAuthEventsCommand({ UserPoolId: off, Username: 'ann' })), 'UserPoolAddOnNotEnabledException', ADD_ON);
    await rejectsWith(
      s.client.send(new AdminUpdateAuthEventFeedbackCommand({ UserPoolId: off, Username: 'ann', EventId: 'e1', FeedbackValue: 'Valid' })),
      'UserPoolAddOnNotEnabledException',
      ADD_ON,
    );
    await rejectsWith(
      s.client.send(new UpdateAuthEventFeedbackCommand({ UserPoolId: off, Username: 'ann', EventId: 'e1', FeedbackToken: 'tok', FeedbackValue: 'Invalid' })),
      'UserPoolAddOnNotEnabledException',
      ADD_ON,
    );

    const on = await createPool(s, { UserPoolTier: 'PLUS', UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' } });
    await s.client.send(new AdminCreateUserCommand({ UserPoolId: on, Username: 'ann', MessageAction: 'SUPPRESS' }));
    assert.deepEqual((await s.client.send(new AdminListUserAuthEventsCommand({ UserPoolId: on, Username: 'ann' }))).AuthEvents, []);
    await rejectsWith(s.client.send(new AdminListUserAuthEventsCommand({ UserPoolId: on, Username: 'bob' })), 'UserNotFoundException', 'User does not exist.');
    await rejectsWith(
      s.client.send(new AdminUpdateAuthEventFeedbackCommand({ UserPoolId: on, Username: 'ann', EventId: 'e1', FeedbackValue: 'Valid' })),
      'ResourceNotFoundException',
      'Auth event e1 does not exist.',
    );
  });
});
