import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';

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
