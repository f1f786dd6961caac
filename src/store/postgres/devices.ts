import type { DeviceRepository } from '../types.js';
import { json } from '../rows.js';
import { DEVICES } from '../sql/devices.js';
import { changed, first, insert, type PostgresContext } from './connection.js';

export function devices({ sql, rows }: PostgresContext): DeviceRepository {
  return {
    async create(d) {
      await insert('device', () =>
        sql(DEVICES.insert, [
          d.deviceKey, d.poolId, d.usernameKey, d.groupKey, d.verifier ?? null, d.salt ?? null, d.name ?? null, d.remembered, d.confirmed,
          json(d.attributes), d.createdAt, d.updatedAt, d.lastAuthenticatedAt ?? null,
        ]),
      );
    },
    async get(poolId, deviceKey) {
      return first(sql(DEVICES.get, [deviceKey, poolId]), rows.toDevice);
    },
    async update(d) {
      const n = await changed(
        sql(DEVICES.update, [
          d.groupKey, d.verifier ?? null, d.salt ?? null, d.name ?? null, d.remembered, d.confirmed, json(d.attributes), d.updatedAt,
          d.lastAuthenticatedAt ?? null, d.deviceKey, d.poolId,
        ]),
      );
      return n === 1;
    },
    async delete(poolId, deviceKey) {
      return (await changed(sql(DEVICES.delete, [deviceKey, poolId]))) === 1;
    },
    async listForUser(poolId, usernameKey, limit, after) {
      return (await sql(DEVICES.listForUser, [poolId, usernameKey, after ?? '', limit])).rows.map(rows.toDevice);
    },
  };
}
