import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateUserPoolDomainCommand,
  DeleteUserPoolCommand,
  DeleteUserPoolDomainCommand,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
  UpdateUserPoolDomainCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { rejectsWith, startTestServer, type TestServer } from '../helpers/server.js';
import { newPool } from '../auth/helpers.js';
import { findPoolByHost } from '../../src/domain/domains/user-pool-domains.js';

const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/a1b2c3d4-5678-90ab-cdef-EXAMPLE22222';
const INVALID_PREFIX =
  'The domain name contains an invalid character. Domain names can only contain lower-case letters, numbers, and hyphens. ' +
  'Please enter a different name that follows this format: ^[a-z0-9](?:[a-z0-9\\-]{0,61}[a-z0-9])?$';

describe('user-pool domains: CreateUserPoolDomain / DescribeUserPoolDomain / UpdateUserPoolDomain / DeleteUserPoolDomain', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.stop());

  const create = (UserPoolId: string, Domain: string, extra: Partial<ConstructorParameters<typeof CreateUserPoolDomainCommand>[0]> = {}) =>
    s.client.send(new CreateUserPoolDomainCommand({ UserPoolId, Domain, ...extra }));
  const describeDomain = async (Domain: string) => (await s.client.send(new DescribeUserPoolDomainCommand({ Domain }))).DomainDescription;

  it('creates a prefix domain: no CloudFront name in the answer, ACTIVE at once, shown by DescribeUserPool', async () => {
    const poolId = await newPool(s);
    const created = await create(poolId, 'my-app-login');
    assert.equal(created.CloudFrontDomain, undefined, 'a prefix domain answers no CloudFrontDomain');
    assert.equal(created.ManagedLoginVersion, 1, 'hosted UI (classic) unless asked');
    const d = await describeDomain('my-app-login');
    assert.equal(d!.UserPoolId, poolId);
    assert.equal(d!.AWSAccountId, s.deps.accountId);
    assert.equal(d!.Domain, 'my-app-login');
    assert.equal(d!.Status, 'ACTIVE');
    assert.deepEqual(d!.CustomDomainConfig, {});
    assert.equal(d!.ManagedLoginVersion, 1);
    assert.match(d!.CloudFrontDistribution!, /^d[a-z0-9]{13}\.cloudfront\.net$/);
    assert.match(d!.Version!, /^\d{14}$/);
    const { UserPool } = await s.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    assert.equal(UserPool!.Domain, 'my-app-login');
    assert.equal(UserPool!.CustomDomain, undefined);
  });

  it('creates a custom domain with its certificate and CloudFront distribution; a pool holds one domain of each kind', async () => {
    const poolId = await newPool(s);
    await create(poolId, 'both-kinds', { ManagedLoginVersion: 2 });
    const created = await create(poolId, 'auth.example.com', { CustomDomainConfig: { CertificateArn: CERT, SecurityPolicy: 'TLS_V1_2_2021' }, ManagedLoginVersion: 2 });
    assert.match(created.CloudFrontDomain!, /^d[a-z0-9]{13}\.cloudfront\.net$/);
    assert.equal(created.ManagedLoginVersion, 2);
    const d = await describeDomain('auth.example.com');
    assert.deepEqual(d!.CustomDomainConfig, { CertificateArn: CERT, SecurityPolicy: 'TLS_V1_2_2021' });
    assert.equal(d!.CloudFrontDistribution, created.CloudFrontDomain);
    assert.equal(d!.UserPoolId, poolId);
    const { UserPool } = await s.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    assert.equal(UserPool!.Domain, 'both-kinds');
    assert.equal(UserPool!.CustomDomain, 'auth.example.com');

    await rejectsWith(create(poolId, 'second-prefix'), 'InvalidParameterException', 'User pool already has a domain configured.');
    await rejectsWith(create(poolId, 'login.example.org', { CustomDomainConfig: { CertificateArn: CERT } }), 'InvalidParameterException', 'User pool already has a domain configured.');
    assert.deepEqual(await describeDomain('second-prefix'), {}, 'nothing was created');
  });

  it('refuses a name another pool holds, prefix or custom', async () => {
    const a = await newPool(s);
    const b = await newPool(s);
    await create(a, 'taken-prefix');
    await create(a, 'sso.taken.example', { CustomDomainConfig: { CertificateArn: CERT } });
    await rejectsWith(create(b, 'taken-prefix'), 'InvalidParameterException', 'Domain already associated with another user pool.');
    await rejectsWith(create(b, 'sso.taken.example', { CustomDomainConfig: { CertificateArn: CERT } }), 'InvalidParameterException', 'Domain already associated with another user pool.');
    await rejectsWith(create(a, 'taken-prefix'), 'InvalidParameterException', 'User pool already has a domain configured.');
  });

  it('only one of several concurrent requests for the same name wins', async () => {
    const pools = await Promise.all(Array.from({ length: 6 }, () => newPool(s)));
    const results = await Promise.allSettled(pools.map((p) => create(p, 'race-for-it')));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as Error).message, 'Domain already associated with another user pool.');
  });

  it('refuses prefixes with Cognito\'s messages: reserved words, characters outside the pattern', async () => {
    const poolId = await newPool(s);
    await rejectsWith(create(poolId, 'my-aws-login'), 'InvalidParameterException', 'Domain cannot contain reserved word: aws');
    await rejectsWith(create(poolId, 'amazonlogin'), 'InvalidParameterException', 'Domain cannot contain reserved word: amazon');
    await rejectsWith(create(poolId, 'newcognito'), 'InvalidParameterException', 'Domain cannot contain reserved word: cognito');
    for (const bad of ['my.prefix', '-lead', 'trail-', 'Upper']) {
      await rejectsWith(create(poolId, bad), 'InvalidParameterException', INVALID_PREFIX);
    }
    await rejectsWith(create(poolId, 'x'.repeat(64)), 'InvalidParameterException', /^1 validation error detected: Value '.*' at 'domain' failed to satisfy constraint: Member must have length less than or equal to 63$/);
    await rejectsWith(create(poolId, 'not_a_host', { CustomDomainConfig: { CertificateArn: CERT } }), 'InvalidParameterException', 'The custom domain not_a_host is not a valid fully qualified domain name.');
    await rejectsWith(create(poolId, 'nodots', { CustomDomainConfig: { CertificateArn: CERT } }), 'InvalidParameterException', 'The custom domain nodots is not a valid fully qualified domain name.');
    await rejectsWith(create(poolId, 'ok-name', { ManagedLoginVersion: 3 }), 'InvalidParameterException', 'ManagedLoginVersion must be 1 (hosted UI classic) or 2 (managed login).');
    await rejectsWith(
      create(poolId, 'ok-name', { Routing: { Failover: { SecondaryRegion: 'us-west-2', PrimaryRoute53HealthCheckId: 'abc' } } }),
      'InvalidParameterException',
      'Routing is supported only for custom domains.',
    );
    await rejectsWith(create(poolId, 'ok-name', { CustomDomainConfig: { CertificateArn: 'not-an-arn' } }), 'InvalidParameterException', /^2 validation errors detected: Value 'not-an-arn' at 'customDomainConfig.certificateArn' failed to satisfy constraint: Member must have length greater than or equal to 20; /);
    await rejectsWith(create('us-east-1_nothere1', 'ok-name'), 'ResourceNotFoundException', 'User pool us-east-1_nothere1 does not exist.');
    assert.deepEqual(await describeDomain('ok-name'), {});
  });

  it('managed login (version 2) needs a feature plan other than Lite', async () => {
    const lite = await newPool(s, { UserPoolTier: 'LITE' });
    await rejectsWith(create(lite, 'lite-pool', { ManagedLoginVersion: 2 }), 'FeatureUnavailableInTierException', 'Managed login requires the Essentials or Plus feature plan.');
    await create(lite, 'lite-pool', { ManagedLoginVersion: 1 });
    await rejectsWith(
      s.client.send(new UpdateUserPoolDomainCommand({ UserPoolId: lite, Domain: 'lite-pool', ManagedLoginVersion: 2 })),
      'FeatureUnavailableInTierException',
      'Managed login requires the Essentials or Plus feature plan.',
    );
  });

  it('describes an unknown domain as an empty DomainDescription, as Cognito does', async () => {
    // The SDK leaves DomainDescription undefined when the member is absent: {} means the wire carried an empty one.
    assert.deepEqual(await describeDomain('nobody-has-this'), {});
  });

  it('updates the managed-login version and the certificate; what is left out stays', async () => {
    const poolId = await newPool(s);
    await create(poolId, 'upd-prefix');
    await create(poolId, 'upd.example.com', { CustomDomainConfig: { CertificateArn: CERT } });
    const before = await describeDomain('upd.example.com');
    s.clock.advance(5_000);

    const prefix = await s.client.send(new UpdateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'upd-prefix', ManagedLoginVersion: 2 }));
    assert.equal(prefix.ManagedLoginVersion, 2);
    assert.equal(prefix.CloudFrontDomain, undefined);
    assert.equal((await describeDomain('upd-prefix'))!.ManagedLoginVersion, 2);

    const cert2 = CERT.replace('EXAMPLE22222', 'EXAMPLE33333');
    const custom = await s.client.send(new UpdateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'upd.example.com', CustomDomainConfig: { CertificateArn: cert2 } }));
    assert.equal(custom.CloudFrontDomain, before!.CloudFrontDistribution, 'the distribution stays');
    assert.equal(custom.ManagedLoginVersion, 1, 'left out: unchanged');
    const after = await describeDomain('upd.example.com');
    assert.deepEqual(after!.CustomDomainConfig, { CertificateArn: cert2 });
    assert.notEqual(after!.Version, before!.Version, 'the version follows the change');

    await rejectsWith(
      s.client.send(new UpdateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'upd-prefix', CustomDomainConfig: { CertificateArn: CERT } })),
      'InvalidParameterException',
      'CustomDomainConfig applies only to custom domains.',
    );
    await rejectsWith(
      s.client.send(new UpdateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'upd-prefix', ManagedLoginVersion: 0 })),
      'InvalidParameterException',
      'ManagedLoginVersion must be 1 (hosted UI classic) or 2 (managed login).',
    );
  });

  it('update and delete answer "No such domain or user pool exists." for a domain the pool does not hold, or no pool', async () => {
    const a = await newPool(s);
    const b = await newPool(s);
    await create(a, 'owned-by-a');
    for (const [UserPoolId, Domain] of [
      [b, 'owned-by-a'],
      [a, 'never-created'],
      ['us-east-1_nothere1', 'owned-by-a'],
    ] as const) {
      await rejectsWith(s.client.send(new UpdateUserPoolDomainCommand({ UserPoolId, Domain, ManagedLoginVersion: 2 })), 'InvalidParameterException', 'No such domain or user pool exists.');
      await rejectsWith(s.client.send(new DeleteUserPoolDomainCommand({ UserPoolId, Domain })), 'InvalidParameterException', 'No such domain or user pool exists.');
    }
    assert.equal((await describeDomain('owned-by-a'))!.UserPoolId, a, 'untouched');
  });

  it('deletes a domain: the name is free again and DescribeUserPool no longer shows it', async () => {
    const a = await newPool(s);
    const b = await newPool(s);
    await create(a, 'freed-name');
    await s.client.send(new DeleteUserPoolDomainCommand({ UserPoolId: a, Domain: 'freed-name' }));
    assert.deepEqual(await describeDomain('freed-name'), {});
    assert.equal((await s.client.send(new DescribeUserPoolCommand({ UserPoolId: a }))).UserPool!.Domain, undefined);
    await rejectsWith(s.client.send(new DeleteUserPoolDomainCommand({ UserPoolId: a, Domain: 'freed-name' })), 'InvalidParameterException', 'No such domain or user pool exists.');
    await create(b, 'freed-name');
    assert.equal((await describeDomain('freed-name'))!.UserPoolId, b);
  });

  it('deleting the pool deletes its domains', async () => {
    const a = await newPool(s);
    await create(a, 'goes-with-pool');
    await create(a, 'goes.with.example', { CustomDomainConfig: { CertificateArn: CERT } });
    await s.client.send(new DeleteUserPoolCommand({ UserPoolId: a }));
    assert.deepEqual(await describeDomain('goes-with-pool'), {});
    assert.deepEqual(await describeDomain('goes.with.example'), {});
    await create(await newPool(s), 'goes-with-pool');
  });

  it('finds the pool a Host header names (for the domain endpoints of issue 19)', async () => {
    const a = await newPool(s);
    await create(a, 'host-lookup');
    await create(a, 'login.host.example', { CustomDomainConfig: { CertificateArn: CERT } });
    const poolOf = async (host: string) => (await findPoolByHost(s.deps, host))?.pool.id;
    assert.equal(await poolOf(`host-lookup.auth.${s.deps.region}.amazoncognito.com`), a);
    assert.equal(await poolOf('host-lookup.localhost:9229'), a, 'loopback form, port ignored');
    assert.equal(await poolOf('HOST-LOOKUP.localhost.'), a, 'case and trailing dot ignored');
    assert.equal(await poolOf('login.host.example'), a);
    assert.equal(await poolOf('login.host.example:443'), a);
    assert.equal((await findPoolByHost(s.deps, 'login.host.example'))!.domain.kind, 'custom');
    assert.equal(await poolOf('host-lookup'), undefined, 'a bare prefix is not a host');
    assert.equal(await poolOf('host-lookup.auth.eu-west-9.amazoncognito.com'), undefined, 'another region');
    assert.equal(await poolOf('host-lookup.example.com'), undefined, 'a prefix under a foreign parent');
    assert.equal(await poolOf('other.localhost'), undefined);
    assert.equal(await poolOf('127.0.0.1:9229'), undefined);
    assert.equal(await poolOf('[::1]:9229'), undefined);
    assert.equal(await poolOf(''), undefined);
  });
});
