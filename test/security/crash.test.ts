import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserMFAPreferenceCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { TEST_CREDENTIALS } from '../helpers/server.js';

/**
 * Attack (on durability): `kill -9` of the server in the middle of a write load, several times, on the same data.
 * Every write the server acknowledged must be there after the restarts, and the SQLite file must pass
 * `PRAGMA integrity_check`. The load: AdminCreateUser, and AdminSetUserMFAPreference on users created earlier (a
 * read-modify-write of an existing row), from several concurrent writers, so that the kill lands in open batches
 * (store/sqlite/group-commit.ts acknowledges a write only after its batch's COMMIT).
 */
const MAIN = fileURLToPath(new URL('../../src/main.js', import.meta.url));
const KILLS = 4;
/** Each round is killed once it has this many acknowledged writes (or after ROUND_MS): a kill under load, in seconds. */
const ACKS_PER_ROUND = [40, 60, 50, 70];
const ROUND_MS = 5000;
const WRITERS = 6;
const children = new Set<ChildProcess>();

function startCognate(dataDir: string): { child: ChildProcess; url: Promise<string> } {
  const child = spawn(process.execPath, [MAIN, 'serve', '--port', '0', '--host', '127.0.0.1', '--data', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, COGNATE_LOG_LEVEL: 'error', COGNATE_STORE: 'sqlite' },
  });
  let out = '';
  let err = '';
  children.add(child);
  child.once('exit', () => children.delete(child));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /cognate listening on (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code, signal) => reject(new Error(`cognate exited before listening (${signal ?? code}): ${err}`)));
  });
  return { child, url };
}

const clientFor = (url: string) => new CognitoIdentityProviderClient({ endpoint: url, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });

describe('kill -9 under a write load', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cognate-crash-'));
  after(() => {
    for (const child of children) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`crash: ${KILLS} kill -9s during AdminCreateUser/AdminSetUserMFAPreference lose no acknowledged write; integrity_check ok`, { timeout: 60_000 }, async () => {
    const created: string[] = [];
    const mfaSet = new Set<string>();
    let cutOff = 0;
    let poolId = '';
    for (let round = 0; round < KILLS; round++) {
      const { child, url } = startCognate(dataDir);
      const client = clientFor(await url);
      if (round === 0) poolId = (await client.send(new CreateUserPoolCommand({ PoolName: 'crash' }))).UserPool!.Id!;
      let stop = false;
      let killed = false;
      let n = 0;
      let acks = 0;
      let roundFull: () => void = () => {};
      const full = new Promise<void>((resolve) => (roundFull = resolve));
      const acknowledged = () => {
        if (++acks >= ACKS_PER_ROUND[round]!) roundFull();
      };
      const writer = async (w: number) => {
        while (!stop) {
          const k = n++;
          try {
            if (k % 3 === 2 && created.length > 0) {
              const username = created[(k * 7919) % created.length]!;
              await client.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: username, SMSMfaSettings: { Enabled: true, PreferredMfa: true } }));
              mfaSet.add(username);
              acknowledged();
            } else {
              const username = `u${round}-${w}-${k}`;
              await client.send(
                new AdminCreateUserCommand({
                  UserPoolId: poolId,
                  Username: username,
                  MessageAction: 'SUPPRESS',
                  UserAttributes: [
                    { Name: 'phone_number', Value: '+15555550100' },
                    { Name: 'phone_number_verified', Value: 'true' },
                  ],
                }),
              );
              // Acknowledged: the answer arrived. (A write answered after the kill cannot arrive.)
              created.push(username);
              acknowledged();
            }
          } catch {
            // Cut off by the kill (or refused): not acknowledged, nothing to check.
            if (killed) cutOff++;
          }
        }
      };
      const load = Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
      await Promise.race([full, new Promise((r) => setTimeout(r, ROUND_MS))]);
      killed = true;
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      stop = true;
      await load;
      client.destroy();
    }
    assert.ok(created.length > 20, `only ${created.length} acknowledged users`);
    assert.ok(mfaSet.size > 5, `only ${mfaSet.size} acknowledged MFA preferences`);
    assert.ok(cutOff >= KILLS, `only ${cutOff} writes were in flight at the kills`);

    // Restart on the same data: every acknowledged write is there.
    const { child, url } = startCognate(dataDir);
    const client = clientFor(await url);
    try {
      const missing: string[] = [];
      for (const username of created) {
        try {
          const u = await client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));
          if (mfaSet.has(username) && u.PreferredMfaSetting !== 'SMS_MFA') missing.push(`${username}: MFA preference ${u.PreferredMfaSetting}`);
        } catch (e) {
          missing.push(`${username}: ${(e as Error).name}`);
        }
      }
      assert.deepEqual(missing.slice(0, 10), [], `${missing.length} acknowledged writes lost`);
    } finally {
      client.destroy();
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    const db = new Database(join(dataDir, 'cognate.db'), { readonly: true });
    try {
      assert.deepEqual(db.pragma('integrity_check'), [{ integrity_check: 'ok' }]);
    } finally {
      db.close();
    }
  });
});
