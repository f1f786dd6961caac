import type { KeyValueRepository } from '../types.js';
import { json, parse } from '../rows.js';
import { KV } from '../sql/kv.js';
import { EXPIRY } from '../sql/expiry.js';
import type { SqliteContext } from './connection.js';

const DELETE_EXPIRED = EXPIRY.kv('');

export function kv({ one, all, run }: SqliteContext): KeyValueRepository {
  return {
    async put(namespace, key, value, expiresAt) {
      run(KV.put, namespace, key, json(value), expiresAt ?? null);
    },
    async get(namespace, key, now) {
      const r = one(KV.get, namespace, key, now);
      return r && parse(r.value);
    },
    async take(namespace, key, now) {
      const r = one(KV.take, namespace, key, now);
      return r && parse(r.value);
    },
    async delete(namespace, key) {
      return run(KV.delete, namespace, key) === 1;
    },
    async list(namespace, keyPrefix, limit) {
      // substr/length rather than LIKE: % and _ in the prefix are literal characters.
      return all('SELECT key, value FROM kv WHERE namespace = $1 AND substr(key, 1, length($2)) = $3 ORDER BY key LIMIT $4', namespace, keyPrefix, keyPrefix, limit).map(
        (r) => ({ key: r.key as string, value: parse<Record<string, unknown>>(r.value) }),
      );
    },
    async deleteExpired(before, limit) {
      return run(DELETE_EXPIRED, before, limit);
    },
  };
}
