import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSigningKeyAsync, type SigningKey } from '../../src/domain/tokens/jwt.js';

/**
 * Pools' signing keys for in-process test servers: real RSA-2048 keys, generated once per machine and reused
 * across pools and test processes instead of two fresh keys per pool.
 *
 * Why: generating an RSA key costs 50–300 ms of CPU, and a pool needs two (id and access). The suites create
 * hundreds of pools (the MFA decision table alone ~120), and key generation was ~70 % of that file's CPU and the
 * largest single cost of the whole run. Everything else about the keys stays real: tokens are signed and verified
 * with them, the JWKS publishes them, and aws-jwt-verify checks them. Production key generation
 * (domain/tokens/jwt.ts, generateSigningKeyAsync) is exercised by its unit tests and by every server a test spawns
 * as a process (`cognate serve`), which does not use this cache.
 *
 * The keys cycle, so a pool's id and access keys differ and consecutive pools get different keys; pools further
 * apart may share one, which changes nothing for a test: keys are looked up per pool, and tokens carry their
 * pool's issuer.
 */
const COUNT = 16;
const FILE = join(tmpdir(), `cognate-test-signing-keys-v1-${process.getuid?.() ?? 0}.json`);

let keys: Promise<SigningKey[]> | undefined;
let next = 0;

export function testSigningKey(): Promise<SigningKey> {
  keys ??= load();
  return keys.then((all) => all[next++ % all.length]!);
}

async function load(): Promise<SigningKey[]> {
  try {
    const cached = JSON.parse(readFileSync(FILE, 'utf8')) as SigningKey[];
    if (Array.isArray(cached) && cached.length === COUNT && cached.every((k) => typeof k.kid === 'string' && k.privateKeyPem.includes('PRIVATE KEY'))) return cached;
  } catch {
    // absent or unreadable: generate below
  }
  const fresh = await Promise.all(Array.from({ length: COUNT }, () => generateSigningKeyAsync()));
  try {
    // Written whole under another name, then renamed: a concurrent reader sees the old file or the new one.
    const tmp = `${FILE}.${process.pid}`;
    writeFileSync(tmp, JSON.stringify(fresh), { mode: 0o600 });
    renameSync(tmp, FILE);
  } catch {
    // a read-only tmp: keep them for this process only
  }
  return fresh;
}
