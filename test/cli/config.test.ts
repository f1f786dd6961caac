/**
 * Region, profile, endpoint and credential resolution (https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-endpoints.html), including the endpoint rules the golden
 * `resolve-*` cases captured inside an empty network namespace.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { findStaticCredentials, parseIni, Profile, resolveEndpoint, resolveRegion, resolveRetry, type GlobalArgs } from '../../src/cli/aws/config.js';
import { CliError } from '../../src/cli/aws/errors.js';
import { tempDir, writeFiles } from './harness.js';

const G: GlobalArgs = { verifySsl: true, paginate: true, color: 'auto', signRequest: true };

function world(files: Record<string, string>, env: NodeJS.ProcessEnv = {}, profileFlag?: string) {
  const dir = tempDir('cognate-config-');
  writeFiles(dir, files, (s) => s);
  const e = { HOME: join(dir, 'home'), ...env };
  return { env: e, profile: new Profile(e, profileFlag), done: () => rmSync(dir, { recursive: true, force: true }) };
}

test('endpoint rules: default, FIPS, dual-stack (current rules), China partition (golden resolve-*)', () => {
  const w = world({});
  try {
    assert.equal(resolveEndpoint(G, w.env, w.profile, 'us-east-1'), 'https://cognito-idp.us-east-1.amazonaws.com');
    assert.equal(resolveEndpoint(G, { ...w.env, AWS_USE_FIPS_ENDPOINT: 'true' }, w.profile, 'us-east-1'), 'https://cognito-idp-fips.us-east-1.amazonaws.com');
    assert.equal(resolveEndpoint(G, { ...w.env, AWS_USE_DUALSTACK_ENDPOINT: 'true' }, w.profile, 'us-east-1'), 'https://cognito-idp.us-east-1.amazonaws.com');
    assert.equal(resolveEndpoint(G, w.env, w.profile, 'cn-north-1'), 'https://cognito-idp.cn-north-1.amazonaws.com.cn');
  } finally {
    w.done();
  }
});

test('endpoint precedence: flag > service env > global env > [services] > profile endpoint_url; ignore switch', () => {
  const w = world({
    'home/.aws/config': '[default]\nservices = local\nendpoint_url = http://profile\n\n[services local]\ncognito_identity_provider =\n  endpoint_url = http://services\n',
  });
  try {
    const env = { ...w.env, AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: 'http://svc-env', AWS_ENDPOINT_URL: 'http://global-env' };
    assert.equal(resolveEndpoint({ ...G, endpointUrl: 'http://flag' }, env, w.profile, 'us-east-1'), 'http://flag');
    assert.equal(resolveEndpoint(G, env, w.profile, 'us-east-1'), 'http://svc-env');
    assert.equal(resolveEndpoint(G, { ...w.env, AWS_ENDPOINT_URL: 'http://global-env' }, w.profile, 'us-east-1'), 'http://global-env');
    assert.equal(resolveEndpoint(G, w.env, w.profile, 'us-east-1'), 'http://services');
    assert.equal(resolveEndpoint(G, { ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }, w.profile, 'eu-west-1'), 'https://cognito-idp.eu-west-1.amazonaws.com');
  } finally {
    w.done();
  }
});

test('region: --region > AWS_REGION > AWS_DEFAULT_REGION > profile; none is NoRegion (253)', () => {
  const w = world({ 'home/.aws/config': '[profile dev]\nregion = ap-northeast-1\n' }, {}, 'dev');
  try {
    assert.equal(resolveRegion({ ...G, region: 'us-west-2' }, { AWS_REGION: 'eu-west-1' }, w.profile), 'us-west-2');
    assert.equal(resolveRegion(G, { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'ap-south-1' }, w.profile), 'eu-west-1');
    assert.equal(resolveRegion(G, { AWS_DEFAULT_REGION: 'ap-south-1' }, w.profile), 'ap-south-1');
    assert.equal(resolveRegion(G, {}, w.profile), 'ap-northeast-1');
    const none = world({});
    try {
      assert.throws(() => resolveRegion(G, {}, none.profile), (e: unknown) => e instanceof CliError && e.exitCode === 253 && e.code === 'NoRegion');
    } finally {
      none.done();
    }
  } finally {
    w.done();
  }
});

test('credentials: env keys unless --profile; credentials file, then config file; provider profiles are flagged', () => {
  const files = {
    'home/.aws/credentials': '[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = devsecret\naws_session_token = tok\n',
    'home/.aws/config': '[profile role]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = dev\n',
  };
  const envKeys = { AWS_ACCESS_KEY_ID: 'AKIDENV', AWS_SECRET_ACCESS_KEY: 'envsecret' };
  const viaEnv = world(files, { ...envKeys, AWS_PROFILE: 'dev' });
  const viaFlag = world(files, envKeys, 'dev');
  const role = world(files, {}, 'role');
  try {
    assert.deepEqual(findStaticCredentials(viaEnv.env, viaEnv.profile), { accessKeyId: 'AKIDENV', secretAccessKey: 'envsecret' });
    assert.deepEqual(findStaticCredentials(viaFlag.env, viaFlag.profile), { accessKeyId: 'AKIDDEV', secretAccessKey: 'devsecret', sessionToken: 'tok' });
    assert.equal(findStaticCredentials(role.env, role.profile), 'provider');
  } finally {
    viaEnv.done();
    viaFlag.done();
    role.done();
  }
});

test('an explicitly chosen profile that exists nowhere is an error (255); retry mode legacy is rejected', () => {
  const w = world({}, {}, 'nope');
  try {
    assert.throws(() => w.profile.assertExists(), (e: unknown) => e instanceof CliError && e.exitCode === 255 && e.message === 'The config profile (nope) could not be found');
    assert.throws(() => resolveRetry({ AWS_RETRY_MODE: 'legacy' }, w.profile), /must be one of: "standard" or "adaptive"/);
    assert.deepEqual(resolveRetry({ AWS_MAX_ATTEMPTS: '5' }, w.profile), { maxAttempts: 5 });
  } finally {
    w.done();
  }
});

test('ini parser: sections, comments, nested sub-keys', () => {
  const ini = parseIni('# c\n[default]\nregion = x\n; c\n[services s]\ncognito_identity_provider =\n  endpoint_url = http://e\nother = y\n');
  assert.deepEqual(ini, { default: { region: 'x' }, 'services s': { cognito_identity_provider: { endpoint_url: 'http://e' }, other: 'y' } });
});
