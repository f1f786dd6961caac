import type { KeyValueRepository } from '../types.js';
import { json, parse } from '../rows.js';
import { KV } from '../sql/kv.js';
import { EXPIRY } from '../sql/expiry.js';
import { changed, type PostgresContext } from './connection.js';

const DELETE_EXPIRED = EXPIRY.kv('FOR UPDATE SKIP LOCKED');

export function kv({ sql }: PostgresContext): KeyValueRepository {
  return {
    async put(namespace, key, value, expiresAt) {
      await sql(KV.put, [namespace, key, json(value), expiresAt ?? null]);
    },
    async get(namespace, key, now) {
      const r = (await sql(KV.get, [namespace, key, now])).rows[0];
      return r && parse<Record<string, unknown>>(r.value);
    },
    async take(namespace, key, now) {
      const r = (await sql(KV.take, [namespace, key, now])).rows[0];
      return r && parse<Record<string, unknown>>(r.value);
    },
    async delete(namespace, key) {
      return (await changed(sql(KV.delete, [namespace, key]))) === 1;
    },
    async list(namespace, keyPrefix, limit) {
      // key >= prefix lets the primary key's index start at the prefix; starts_with takes % and _ literally.
      const rows = (await sql('SELECT key, value FROM kv WHERE namespace = $1 AND key >= $2 AND starts_with(key, $3) ORDER BY key LIMIT $4', [namespace, keyPrefix, keyPrefix, limit])).rows;
      return rows.map((r) => ({ key: r.key as string, value: parse<Record<string, unknown>>(r.value) }));
    },
    async deleteExpired(before, limit) {
      return changed(sql(DELETE_EXPIRED, [before, limit]));
    },
  };
}
