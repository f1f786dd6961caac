import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateIdentityProviderCommand,
  CreateUserPoolClientCommand,
  DeleteIdentityProviderCommand,
  DeleteUserPoolCommand,
  DescribeIdentityProviderCommand,
  DescribeUserPoolClientCommand,
  GetIdentityProviderByIdentifierCommand,
  ListIdentityProvidersCommand,
  UpdateIdentityProviderCommand,
  UpdateUserPoolClientCommand,
  type CreateIdentityProviderRequest,
} from '@aws-sdk/client-cognito-identity-provider';
import { rejectsWith, startTestServer, type TestServer } from '../helpers/server.js';
import { createClient, createPool } from '../helpers/users.js';

const OIDC = { client_id: 'idp-client', client_secret: 'idp-secret-value', attributes_request_method: 'GET', oidc_issuer: 'https://idp.example.com', authorize_scopes: 'openid email' };
const GOOGLE = { client_id: '123.apps.googleusercontent.com', client_secret: 'google-secret', authorize_scopes: 'email profile openid' };
const METADATA = `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://saml.example.com">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://saml.example.com/slo"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://saml.example.com/sso-post"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://saml.example.com/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;

describe('identity providers: Create/Describe/Update/Delete/ListIdentityProviders, GetIdentityProviderByIdentifier', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => s.stop());

  const create = (poolId: string, input: Partial<CreateIdentityProviderRequest>) =>
    s.client.send(new CreateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Corp', ProviderType: 'OIDC', ProviderDetails: OIDC, ...input }));

  it('creates an OIDC provider and describes it as Cognito does (default username mapping, derived details, dates); the secret is sealed at rest', async () => {
    const poolId = await createPool(s);
    await rejectsWith(
      create(poolId, { AttributeMapping: { email: 'email', 'custom:x': 'x' } }),
      'InvalidParameterException',
      'Attribute custom:x is not defined in the user pool schema.',
    );
    const { IdentityProvider: p } = await create(poolId, { AttributeMapping: { email: 'email', name: 'name' }, IdpIdentifiers: ['corp.example.com', 'Corp'] });
    assert.equal(p!.UserPoolId, poolId);
    assert.equal(p!.ProviderName, 'Corp');
    assert.equal(p!.ProviderType, 'OIDC');
    assert.deepEqual(p!.ProviderDetails, { ...OIDC, attributes_url_add_attributes: 'false' });
    assert.deepEqual(p!.AttributeMapping, { username: 'sub', email: 'email', name: 'name' });
    assert.deepEqual(p!.IdpIdentifiers, ['corp.example.com', 'Corp']);
    assert.equal(p!.CreationDate!.getTime(), s.clock.now());
    assert.equal(p!.LastModifiedDate!.getTime(), s.clock.now());

    const { IdentityProvider: d } = await s.client.send(new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Corp' }));
    assert.deepEqual(d, p);
    const stored = await s.store.identityProviders.get(poolId, 'Corp');
    assert.notEqual(stored!.details.client_secret, OIDC.client_secret, 'client_secret is sealed at rest');
    assert.ok(!JSON.stringify(stored).includes(OIDC.client_secret));

    const { IdentityProvider: byId } = await s.client.send(new GetIdentityProviderByIdentifierCommand({ UserPoolId: poolId, IdpIdentifier: 'corp.example.com' }));
    assert.deepEqual(byId, p);
    await rejectsWith(
      s.client.send(new GetIdentityProviderByIdentifierCommand({ UserPoolId: poolId, IdpIdentifier: 'other.example.com' })),
      'ResourceNotFoundException',
      'Identity provider with identifier other.example.com does not exist.',
    );
  });

  it('fills in the social providers\' fixed endpoints, hides Apple\'s private key, refuses a social provider not named after its type', async () => {
    const poolId = await createPool(s);
    const { IdentityProvider: g } = await create(poolId, { ProviderName: 'Google', ProviderType: 'Google', ProviderDetails: GOOGLE });
    assert.deepEqual(g!.ProviderDetails, {
      ...GOOGLE,
      attributes_url: 'https://people.googleapis.com/v1/people/me?personFields=',
      attributes_url_add_attributes: 'true',
      authorize_url: 'https://accounts.google.com/o/oauth2/v2/auth',
      oidc_issuer: 'https://accounts.google.com',
      token_request_method: 'POST',
      token_url: 'https://www.googleapis.com/oauth2/v4/token',
    });
    assert.deepEqual(g!.AttributeMapping, { username: 'sub' });
    // Describe's own output sent back (as Terraform does) is accepted.
    const { IdentityProvider: again } = await s.client.send(new UpdateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Google', ProviderDetails: g!.ProviderDetails }));
    assert.deepEqual(again!.ProviderDetails, g!.ProviderDetails);

    const { IdentityProvider: f } = await create(poolId, { ProviderName: 'Facebook', ProviderType: 'Facebook', ProviderDetails: { ...GOOGLE, api_version: 'v17.0' } });
    assert.equal(f!.ProviderDetails!.authorize_url, 'https://www.facebook.com/v17.0/dialog/oauth');
    assert.equal(f!.ProviderDetails!.token_request_method, 'GET');
    assert.deepEqual(f!.AttributeMapping, { username: 'id' });

    const apple = { client_id: 'com.example.app', team_id: 'TEAM', key_id: 'KEY', private_key: '-----BEGIN PRIVATE KEY-----x', authorize_scopes: 'email name' };
    const { IdentityProvider: a } = await create(poolId, { ProviderName: 'SignInWithApple', ProviderType: 'SignInWithApple', ProviderDetails: apple });
    assert.equal(a!.ProviderDetails!.private_key, undefined);
    assert.equal(a!.ProviderDetails!.team_id, 'TEAM');
    assert.equal(a!.ProviderDetails!.oidc_issuer, 'https://appleid.apple.com');

    await rejectsWith(
      create(poolId, { ProviderName: 'MyGoogle', ProviderType: 'Google', ProviderDetails: GOOGLE }),
      'InvalidParameterException',
      'ProviderName for a Google identity provider must be Google.',
    );
    await rejectsWith(create(poolId, { ProviderName: 'Cognito' }), 'InvalidParameterException', 'ProviderName Cognito is reserved.');
  });

  it('refuses ProviderDetails that lack what the type requires or carry keys it does not accept', async () => {
    const poolId = await createPool(s);
    await rejectsWith(
      create(poolId, { ProviderName: 'LoginWithAmazon', ProviderType: 'LoginWithAmazon', ProviderDetails: { client_id: 'x', authorize_scopes: 'profile' } }),
      'InvalidParameterException',
      'client_id, client_secret and authorize_scopes are all required idp details.',
    );
    const { client_id: _, ...noClientId } = OIDC;
    await rejectsWith(
      create(poolId, { ProviderDetails: noClientId }),
      'InvalidParameterException',
      'client_id, authorize_scopes, oidc_issuer and attributes_request_method are all required idp details.',
    );
    await rejectsWith(create(poolId, { ProviderDetails: { ...OIDC, attributes_request_method: 'PUT' } }), 'InvalidParameterException', 'attributes_request_method must be GET or POST.');
    await rejectsWith(create(poolId, { ProviderDetails: { ...OIDC, colour: 'blue' } }), 'InvalidParameterException', 'colour is not a supported idp detail for OIDC identity providers.');
    await rejectsWith(
      create(poolId, { ProviderName: 'Saml', ProviderType: 'SAML', ProviderDetails: { IDPSignout: 'true' } }),
      'InvalidParameterException',
      'Exactly one of MetadataURL and MetadataFile is required.',
    );
    await rejectsWith(
      create(poolId, { ProviderName: 'Saml', ProviderType: 'SAML', ProviderDetails: { MetadataURL: 'https://x/metadata', MetadataFile: METADATA } }),
      'InvalidParameterException',
      'Exactly one of MetadataURL and MetadataFile is required.',
    );
    await rejectsWith(
      create(poolId, { ProviderName: 'Saml', ProviderType: 'SAML', ProviderDetails: { MetadataFile: '<html/>' } }),
      'InvalidParameterException',
      'MetadataFile is not a SAML metadata document (no EntityDescriptor).',
    );
    await rejectsWith(
      create(poolId, { ProviderName: 'Saml', ProviderType: 'SAML', ProviderDetails: { MetadataURL: 'https://x/m', IDPSignout: 'yes' } }),
      'InvalidParameterException',
      'IDPSignout must be true or false.',
    );
    // The model's own checks run first: an unknown type, a name with a leading underscore.
    await rejectsWith(create(poolId, { ProviderType: 'LDAP' as never }), 'InvalidParameterException', /'providerType'/);
    await rejectsWith(create(poolId, { ProviderName: '_Corp' }), 'InvalidParameterException', /providerName/);
    assert.deepEqual((await s.client.send(new ListIdentityProvidersCommand({ UserPoolId: poolId }))).Providers, [], 'nothing refused was created');
  });

  it('stores SAML metadata without fetching anything and shows the redirect-binding endpoints of an inline document', async () => {
    const poolId = await createPool(s);
    const { IdentityProvider: file } = await create(poolId, {
      ProviderName: 'CorpSAML',
      ProviderType: 'SAML',
      ProviderDetails: { MetadataFile: METADATA, IDPSignout: 'true', RequestSigningAlgorithm: 'rsa-sha256' },
      AttributeMapping: { email: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress' },
    });
    assert.deepEqual(file!.ProviderDetails, {
      MetadataFile: METADATA,
      IDPSignout: 'true',
      RequestSigningAlgorithm: 'rsa-sha256',
      SSORedirectBindingURI: 'https://saml.example.com/sso',
      SLORedirectBindingURI: 'https://saml.example.com/slo',
    });
    assert.deepEqual(file!.AttributeMapping, { email: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress' }, 'SAML gets no default username mapping');
    const { IdentityProvider: url } = await create(poolId, { ProviderName: 'UrlSAML', ProviderType: 'SAML', ProviderDetails: { MetadataURL: 'https://127.0.0.1:1/never-fetched' } });
    assert.deepEqual(url!.ProviderDetails, { MetadataURL: 'https://127.0.0.1:1/never-fetched' });
  });

  it('refuses a second provider of the same name, and an IdP identifier another provider holds', async () => {
    const poolId = await createPool(s);
    await create(poolId, { IdpIdentifiers: ['shared'] });
    await rejectsWith(create(poolId, {}), 'DuplicateProviderException', `Corp already exists in user pool ${poolId}`);
    await rejectsWith(
      create(poolId, { ProviderName: 'Other', IdpIdentifiers: ['mine', 'shared'] }),
      'InvalidParameterException',
      'One or more IdpIdentifiers are already used by another identity provider of the user pool.',
    );
    await rejectsWith(create(poolId, { ProviderName: 'Other', IdpIdentifiers: ['twice', 'twice'] }), 'InvalidParameterException', 'Duplicate IdpIdentifier twice.');
    await create(poolId, { ProviderName: 'Other', IdpIdentifiers: ['mine'] });
    await rejectsWith(
      s.client.send(new UpdateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Other', IdpIdentifiers: ['shared'] })),
      'InvalidParameterException',
      'One or more IdpIdentifiers are already used by another identity provider of the user pool.',
    );
    const other = await createPool(s);
    await create(other, { IdpIdentifiers: ['shared'] });
  });

  it('updates the members given and keeps the others; LastModifiedDate moves, CreationDate stays', async () => {
    const poolId = await createPool(s);
    const { IdentityProvider: before } = await create(poolId, { AttributeMapping: { email: 'email' }, IdpIdentifiers: ['a'] });
    s.clock.advance(60_000);
    const { IdentityProvider: u } = await s.client.send(new UpdateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Corp', IdpIdentifiers: ['b', 'c'] }));
    assert.deepEqual(u!.IdpIdentifiers, ['b', 'c']);
    assert.deepEqual(u!.ProviderDetails, before!.ProviderDetails);
    assert.deepEqual(u!.AttributeMapping, before!.AttributeMapping);
    assert.equal(u!.LastModifiedDate!.getTime() - u!.CreationDate!.getTime(), 60_000);
    await rejectsWith(s.client.send(new GetIdentityProviderByIdentifierCommand({ UserPoolId: poolId, IdpIdentifier: 'a' })), 'ResourceNotFoundException');

    const { client_secret: _, ...noSecret } = OIDC;
    const { IdentityProvider: v } = await s.client.send(
      new UpdateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Corp', ProviderDetails: { ...noSecret, authorize_scopes: 'openid', jwks_uri: 'https://idp.example.com/jwks' }, AttributeMapping: { name: 'name' } }),
    );
    assert.deepEqual(v!.ProviderDetails, { ...noSecret, authorize_scopes: 'openid', jwks_uri: 'https://idp.example.com/jwks', attributes_url_add_attributes: 'false' });
    assert.deepEqual(v!.AttributeMapping, { username: 'sub', name: 'name' });
    await rejectsWith(
      s.client.send(new UpdateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Corp', ProviderDetails: { client_id: 'x' } })),
      'InvalidParameterException',
      'client_id, authorize_scopes, oidc_issuer and attributes_request_method are all required idp details.',
    );
    await rejectsWith(
      s.client.send(new UpdateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Nope', IdpIdentifiers: [] })),
      'ResourceNotFoundException',
      'Identity provider Nope does not exist.',
    );
  });

  it('lists providers (summaries) a page at a time; deletes one; unknown pool and provider answer ResourceNotFoundException', async () => {
    const poolId = await createPool(s);
    const names = ['Okta', 'Auth0', 'Entra', 'Keycloak', 'Ping'];
    for (const n of names) await create(poolId, { ProviderName: n });
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const r = await s.client.send(new ListIdentityProvidersCommand({ UserPoolId: poolId, MaxResults: 2, NextToken: token }));
      assert.ok(r.Providers!.length <= 2);
      for (const p of r.Providers!) {
        assert.deepEqual(Object.keys(p).sort(), ['CreationDate', 'LastModifiedDate', 'ProviderName', 'ProviderType']);
        seen.push(p.ProviderName!);
      }
      token = r.NextToken;
      pages++;
    } while (token);
    assert.equal(pages, 3);
    assert.deepEqual(seen, [...names].sort());
    await rejectsWith(s.client.send(new ListIdentityProvidersCommand({ UserPoolId: poolId, NextToken: 'bogus' })), 'InvalidParameterException', 'Invalid pagination token.');
    await rejectsWith(s.client.send(new ListIdentityProvidersCommand({ UserPoolId: poolId, MaxResults: 61 })), 'InvalidParameterException', /maxResults/);

    await s.client.send(new DeleteIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Okta' }));
    await rejectsWith(s.client.send(new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Okta' })), 'ResourceNotFoundException', 'Identity provider Okta does not exist.');
    await rejectsWith(s.client.send(new DeleteIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Okta' })), 'ResourceNotFoundException', 'Identity provider Okta does not exist.');
    await rejectsWith(s.client.send(new ListIdentityProvidersCommand({ UserPoolId: 'us-east-1_missing' })), 'ResourceNotFoundException');
    await rejectsWith(create('us-east-1_missing', {}), 'ResourceNotFoundException');
  });

  it('refuses the 301st provider of a pool with LimitExceededException', async () => {
    const poolId = await createPool(s);
    // Filled through the store: 300 API calls would only slow the suite down.
    for (let i = 0; i < 300; i++) {
      await s.store.identityProviders.create({
        poolId, providerName: `P${String(i).padStart(3, '0')}`, providerType: 'OIDC', details: {}, attributeMapping: {}, idpIdentifiers: [], createdAt: 0, updatedAt: 0,
      });
    }
    await rejectsWith(create(poolId, {}), 'LimitExceededException', `The user pool ${poolId} has reached its limit of 300 identity providers.`);
    await s.client.send(new DeleteIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'P000' }));
    await create(poolId, {});
  });

  it("lets an app client's SupportedIdentityProviders name COGNITO and the pool's providers only; a deleted provider stays on the client until its next update", async () => {
    const poolId = await createPool(s);
    await rejectsWith(
      createClient(s, poolId, { SupportedIdentityProviders: ['COGNITO', 'Corp'] }),
      'InvalidParameterException',
      `The provider Corp does not exist for User Pool ${poolId}`,
    );
    await create(poolId, {});
    const { clientId } = await createClient(s, poolId, { SupportedIdentityProviders: ['COGNITO', 'Corp'] });
    await rejectsWith(
      s.client.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId, SupportedIdentityProviders: ['corp'] })),
      'InvalidParameterException',
      `The provider corp does not exist for User Pool ${poolId}`,
    );
    await s.client.send(new DeleteIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Corp' }));
    const { UserPoolClient } = await s.client.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }));
    assert.deepEqual(UserPoolClient!.SupportedIdentityProviders, ['COGNITO', 'Corp']);
    await rejectsWith(
      s.client.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId, SupportedIdentityProviders: ['COGNITO', 'Corp'] })),
      'InvalidParameterException',
      `The provider Corp does not exist for User Pool ${poolId}`,
    );
    await s.client.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId, SupportedIdentityProviders: ['COGNITO'] }));
    await s.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'plain' }));
  });

  it('goes with its pool', async () => {
    const poolId = await createPool(s);
    await create(poolId, { IdpIdentifiers: ['x'] });
    await s.client.send(new DeleteUserPoolCommand({ UserPoolId: poolId }));
    assert.equal(await s.store.identityProviders.get(poolId, 'Corp'), undefined);
    assert.equal(await s.store.identityProviders.findByIdentifier(poolId, 'x'), undefined);
  });
});
