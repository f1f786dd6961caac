import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { TEST_CREDENTIALS } from './server.js';

let found: string | null | undefined;

/**
 * The real AWS CLI the comparison tests run, or undefined when none is installed: Debian's packaged v2
 * (/usr/bin/aws, what CI installs) where it exists, else the first `aws` on PATH (e.g. a pyenv AWS CLI v1) whose
 * `--version` answers like the AWS CLI. Looked up once per process.
 */
export function findAwsCli(): string | undefined {
  if (found === undefined) found = lookUp() ?? null;
  return found ?? undefined;
}

function lookUp(): string | undefined {
  const candidates = ['/usr/bin/aws', ...(process.env.PATH ?? '').split(':').filter(Boolean).map((d) => join(d, 'aws'))];
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
    } catch {
      continue;
    }
    const v = spawnSync(c, ['--version'], { encoding: 'utf8', env: { ...process.env, AWS_PAGER: '' } });
    if (v.status === 0 && /^aws-cli\//.test(v.stdout + v.stderr)) return c;
  }
  return undefined;
}

/**
 * The environment a test runs the real AWS CLI in: its own HOME and config files (nothing of the machine's
 * profiles), the test credentials, one attempt, no pager.
 */
export function awsCliEnv(home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    AWS_MAX_ATTEMPTS: '1',
    AWS_PAGER: '',
  };
}
