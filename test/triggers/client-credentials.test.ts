import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateResourceServerCommand, CreateUserPoolDomainCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { TestServer } from '../helpers/server.js';
import { createPool, verifierFor } from '../helpers/fixtures.js';
import { oauthClient, raw } from '../oauth/helpers.js';
import { arn, startTriggerFixture, type TriggerFixture } from './helpers.js';

/**
 * PreTokenGeneration V3 on machine-to-machine tokens (issue 18 item 3, issue 19 item 4): a client_credentials access
 * token from /oauth2/token runs a V3_0 trigger with triggerSource TokenGeneration_ClientCredentials, and what the
 * function answers (claims, scopes) is in the token aws-jwt-verify accepts. V1/V2 triggers are not run for it
 * (the developer guide: machine-to-machine tokens need the V3 event). docs/triggers.md, src/domain/triggers/tokens.ts.
 */

// A handler in the shape of the developer guide's V3 example, echoing parts of the event it saw into claims.
const M2M_V3 = `
export const handler = async (event) => {
  event.response = {
    claimsAndScopeOverrideDetails: {
      accessTokenGeneration: {
        claimsToAddOrOverride: {
          tenant: 'acme',
          seen_source: event.triggerSource,
          seen_scopes: event.request.scopes.join(' '),
          seen_metadata: (event.request.clientMetadata ?? {}).purpose ?? 'none',
          seen_client: event.callerContext.clientId,
        },
        scopesToAdd: ['https://api.example/extra'],
        scopesToSuppress: ['https://api.example/write'],
      },
    },
  };
  return event;
};
`;

describe('PreTokenGeneration V3 on client_credentials tokens', () => {
  let f: TriggerFixture;
  let s: TestServer;
  before(async () => {
    f = await startTriggerFixture((handlers, recorderUrl) => ({
      'm2m-v3': { module: handlers.write('m2m.mjs', M2M_V3) },
      recorder: { url: `${recorderUrl}/record` },
    }));
    s = f.s;
  });
  after(async () => f.stop());

  /** A pool with a domain, a resource server with read and write, and a confidential client_credentials client. */
  async function m2mPool(version: 'V1_0' | 'V2_0' | 'V3_0', fn: string) {
    const poolId = await createPool(s, { LambdaConfig: { PreTokenGenerationConfig: { LambdaArn: arn(fn), LambdaVersion: version } } });
    const prefix = `m2m-${version.toLowerCase().replace('_', '')}-${fn}`;
    await s.client.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: prefix }));
    await s.client.send(
      new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: 'https://api.example', Name: 'api', Scopes: [{ ScopeName: 'read', ScopeDescription: 'r' }, { ScopeName: 'write', ScopeDescription: 'w' }] }),
    );
    const m2m = await oauthClient(s, poolId, { GenerateSecret: true, AllowedOAuthFlows: ['client_credentials'], AllowedOAuthScopes: ['https://api.example/read', 'https://api.example/write'], CallbackURLs: undefined });
    const token = async (form: Record<string, string>) => {
      const r = await raw(`${s.url}/_domain/${prefix}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${m2m.clientId}:${m2m.clientSecret}`).toString('base64')}` },
        body: new URLSearchParams({ grant_type: 'client_credentials', ...form }).toString(),
      });
      assert.equal(r.status, 200, r.body);
      return verifierFor(s, poolId, 'access', m2m.clientId).verify(JSON.parse(r.body).access_token);
    };
    return { poolId, clientId: m2m.clientId, token };
  }

  it('a V3 module adds claims and scopes and suppresses one; aws-jwt-verify accepts the token', async () => {
    const p = await m2mPool('V3_0', 'm2m-v3');
    const claims = await p.token({ scope: 'https://api.example/read https://api.example/write' });
    assert.equal(claims.tenant, 'acme');
    assert.equal(claims.seen_source, 'TokenGeneration_ClientCredentials');
    assert.equal(claims.seen_scopes, 'https://api.example/read https://api.example/write');
    assert.equal(claims.seen_client, p.clientId);
    assert.equal(claims.seen_metadata, 'none');
    assert.deepEqual(String(claims.scope).split(' ').sort(), ['https://api.example/extra', 'https://api.example/read']);
    assert.equal(claims.sub, p.clientId);
  });

  it('the V3 event: version 3, the client as userName, no user attributes, the requested scopes, ClientMetadata from the form', async () => {
    const p = await m2mPool('V3_0', 'recorder');
    f.recorder.received.length = 0;
    const claims = await p.token({ scope: 'https://api.example/read', aws_client_metadata: JSON.stringify({ purpose: 'nightly-job' }) });
    assert.equal(claims.scope, 'https://api.example/read');
    const events = f.recorder.received.map((r) => r.event).filter((e) => e.triggerSource === 'TokenGeneration_ClientCredentials');
    assert.equal(events.length, 1);
    const [e] = events;
    assert.equal(e.version, '3');
    assert.equal(e.userPoolId, p.poolId);
    assert.equal(e.userName, p.clientId);
    assert.equal(e.callerContext.clientId, p.clientId);
    assert.deepEqual(e.request.userAttributes, {});
    assert.deepEqual(e.request.scopes, ['https://api.example/read']);
    assert.deepEqual(e.request.clientMetadata, { purpose: 'nightly-job' });
  });

  it('V1 and V2 triggers are not run for machine-to-machine tokens', async () => {
    for (const version of ['V1_0', 'V2_0'] as const) {
      const p = await m2mPool(version, 'recorder');
      f.recorder.received.length = 0;
      const claims = await p.token({ scope: 'https://api.example/read' });
      assert.equal(claims.scope, 'https://api.example/read');
      assert.equal(f.recorder.received.length, 0, `${version}: the function was called`);
    }
  });
});
