import type { DeviceRepository } from '../types.js';
import { json } from '../rows.js';
import { DEVICES } from '../sql/devices.js';
import type { SqliteContext } from './connection.js';

export function devices({ rows, one, all, run, insert }: SqliteContext): DeviceRepository {
  return {
    async create(d) {
      insert(
        'device', DEVICES.insert,
        d.deviceKey, d.poolId, d.usernameKey, d.groupKey, d.verifier ?? null, d.salt ?? null, d.name ?? null, d.remembered ? 1 : 0,
        d.confirmed ? 1 : 0, json(d.attributes), d.createdAt, d.updatedAt, d.lastAuthenticatedAt ?? null,
      );
    },
    async get(poolId, deviceKey) {
      const r = one(DEVICES.get, deviceKey, poolId);
      return r && rows.toDevice(r);
    },
    async update(d) {
      return (
        run(
          DEVICES.update,
          d.groupKey, d.verifier ?? null, d.salt ?? null, d.name ?? null, d.remembered ? 1 : 0, d.confirmed ? 1 : 0, json(d.attributes), d.updatedAt,
          d.lastAuthenticatedAt ?? null, d.deviceKey, d.poolId,
        ) === 1
      );
    },
    async delete(poolId, deviceKey) {
      return run(DEVICES.delete, deviceKey, poolId) === 1;
    },
    async listForUser(poolId, usernameKey, limit, after) {
      return all(DEVICES.listForUser, poolId, usernameKey, after ?? '', limit).map(rows.toDevice);
    },
  };
}
