import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AuthenticationDetails, CognitoUser, CognitoUserPool, type CognitoUserSession } from 'amazon-cognito-identity-js';
import * as sdk from '@aws-sdk/client-cognito-identity-provider';
import { CreateUserPoolClientCommand, CreateUserPoolCommand, SignUpCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { JwtRsaVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { OPERATION_NAMES } from '../../model/names.js';
import { memoryStorage, PASSWORD } from '../helpers/fixtures.js';
import { sample } from '../helpers/model-samples.js';
import { loadModel } from '../../src/protocol/model.js';
import { TEST_CREDENTIALS } from '../helpers/server.js';
import { CognateProcess } from './helpers.js';

/**
 * bin/cognate runs the bundle that `npm run build` makes (scripts/bundle.mjs), not dist/src/ module by module as the
 * other tests do: this file checks that the bundle is the same program — every operation's chunk loads and answers,
 * SRP's worker threads and a trigger module's worker run, tokens verify, and the `cognito-idp` command works.
 */
const BIN = fileURLToPath(new URL('../../../bin/cognate', import.meta.url));

describe('the bundled program (bin/cognate)', () => {
  let cognate: CognateProcess;
  let url: string;
  let client: CognitoIdentityProviderClient;
  const work = mkdtempSync(join(tmpdir(), 'cognate-bundle-'));

  before(async () => {
    const trigger = join(work, 'pre-sign-up.mjs');
    writeFileSync(trigger, 'export const handler = async (event) => { event.response.autoConfirmUser = true; return event; };\n');
    cognate = new CognateProcess('sqlite', { COGNATE_FUNCTIONS: `pre-sign-up=module:${trigger}` }, BIN);
    url = await cognate.url();
    client = await cognate.client();
  });
  after(async () => {
    await cognate.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('answers every operation of the model from its own chunk: none is unsupported or an internal error', async () => {
    // Each operation gets its smallest valid request (test/helpers/model-samples.ts), so it passes validation and
    // reaches the operation's module; a chunk missing from the bundle answers InternalErrorException.
    const model = loadModel();
    const wrong: string[] = [];
    for (const name of OPERATION_NAMES) {
      const inputShape = model.operations[name].input;
      const Command = (sdk as unknown as Record<string, new (input: unknown) => Parameters<CognitoIdentityProviderClient['send']>[0]>)[`${name}Command`]!;
      try {
        await client.send(new Command(inputShape ? sample(inputShape) : {}));
      } catch (e) {
        const err = e as Error & { $metadata?: { httpStatusCode?: number } };
        if (['UnsupportedOperationException', 'InternalErrorException'].includes(err.name) || (err.$metadata?.httpStatusCode ?? 0) >= 500) {
          wrong.push(`${name}: ${err.name}: ${err.message}`);
        }
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('signs a user up through a PreSignUp module (worker thread) and in with SRP (modPow threads); aws-jwt-verify accepts the token', async () => {
    const { UserPool } = await client.send(
      new CreateUserPoolCommand({ PoolName: 'bundle', LambdaConfig: { PreSignUp: 'arn:aws:lambda:us-east-1:123456789012:function:pre-sign-up' } }),
    );
    const poolId = UserPool!.Id!;
    const { UserPoolClient } = await client.send(
      new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
    );
    const clientId = UserPoolClient!.ClientId!;
    const signUp = await client.send(new SignUpCommand({ ClientId: clientId, Username: 'alice', Password: PASSWORD }));
    assert.equal(signUp.UserConfirmed, true, 'the PreSignUp module confirmed the user');

    const Storage = memoryStorage();
    const pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: url, Storage });
    const session = await new Promise<CognitoUserSession>((resolve, reject) =>
      new CognitoUser({ Username: 'alice', Pool: pool, Storage }).authenticateUser(new AuthenticationDetails({ Username: 'alice', Password: PASSWORD }), {
        onSuccess: resolve,
        onFailure: reject,
      }),
    );
    const issuer = `${url}/${poolId}`;
    // aws-jwt-verify's own fetcher speaks https only; the server here is plain http on loopback.
    const jwksCache = new SimpleJwksCache({ fetcher: { fetch: async (uri: string) => (await fetch(uri)).arrayBuffer() } });
    const verifier = JwtRsaVerifier.create({ issuer, audience: null, tokenUse: 'access', clientId, jwksUri: `${issuer}/.well-known/jwks.json` }, { jwksCache });
    const claims = await verifier.verify(session.getAccessToken().getJwtToken());
    assert.equal(claims.username, 'alice');
  });

  it('runs `cognate cognito-idp` (the CLI reads the model and its documentation from the package)', () => {
    const env = { ...process.env, AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey, AWS_DEFAULT_REGION: 'us-east-1' };
    const out = JSON.parse(execFileSync(process.execPath, [BIN, 'cognito-idp', 'list-user-pools', '--max-results', '10', '--endpoint-url', url], { env, encoding: 'utf8' })) as {
      UserPools: Array<{ Name: string }>;
    };
    assert.ok(out.UserPools.some((p) => p.Name === 'bundle'), JSON.stringify(out));
    const help = execFileSync(process.execPath, [BIN, 'cognito-idp', 'set-user-mfa-preference', 'help'], { env, encoding: 'utf8' });
    assert.match(help, /--software-token-mfa-settings/);
  });
});
