import type { AliasEntry, UserRecord, UserRepository } from '../types.js';
import { familyState, json } from '../rows.js';
import { TOKENS } from '../sql/tokens.js';
import { USERS } from '../sql/users.js';
import { changed, first, insert, type PostgresContext, type Sql } from './connection.js';

export function users({ sql, tx, rows }: PostgresContext): UserRepository {
  const insertAliases = async (q: Sql, poolId: string, usernameKey: string, aliases: AliasEntry[]) => {
    for (const a of aliases) await insert(`alias:${a.kind}`, () => q(USERS.insertAlias, [poolId, a.kind, a.valueKey, usernameKey]));
  };
  // The version guard: a concurrent update holding the row lock commits first, then this one re-reads the row, finds
  // the version moved on and changes nothing.
  const updateRow = (q: Sql, u: UserRecord) =>
    q(USERS.update, [u.username, u.sub, u.status, u.enabled, u.updatedAt, json(u.attributes), json(u.data), u.poolId, u.usernameKey, u.version]);

  return {
    async create(u, aliases) {
      await tx(async (q) => {
        await insert('username', () =>
          q(USERS.insert, [u.poolId, u.usernameKey, u.username, u.sub, u.status, u.enabled, u.createdAt, u.updatedAt, u.version, json(u.attributes), json(u.data)]),
        );
        await insertAliases(q, u.poolId, u.usernameKey, aliases);
      });
    },
    async get(poolId, usernameKey) {
      return first(sql(USERS.get, [poolId, usernameKey]), rows.toUser);
    },
    async getForAccessToken(poolId, usernameKey, originJti) {
      const r = (await sql(USERS.getForAccessToken, [poolId, originJti ?? null, poolId, usernameKey])).rows[0]!;
      return { user: r.username_key === null ? undefined : rows.toUser(r), family: familyState(r.family_live) };
    },
    async findByAlias(poolId, kind, valueKey) {
      return first(sql(USERS.findByAlias, [poolId, kind, valueKey]), rows.toUser);
    },
    async update(u, aliases) {
      // One statement is atomic on its own: without an alias change no BEGIN/COMMIT (two round trips fewer).
      if (!aliases) return (await changed(updateRow(sql, u))) === 1;
      return tx(async (q) => {
        if ((await changed(updateRow(q, u))) !== 1) return false;
        await q(USERS.deleteAliases, [u.poolId, u.usernameKey]);
        await insertAliases(q, u.poolId, u.usernameKey, aliases);
        return true;
      });
    },
    async delete(poolId, usernameKey, now) {
      return tx(async (q) => {
        const n = await changed(q(USERS.delete, [poolId, usernameKey]));
        for (const text of USERS.deleteOwned) await q(text, [poolId, usernameKey]);
        await q(TOKENS.revokeUser, [now, poolId, usernameKey]);
        return n === 1;
      });
    },
    async list(poolId, query) {
      if (!query.filter) return (await sql(USERS.list, [poolId, query.after ?? '', query.limit])).rows.map(rows.toUser);
      const { attribute, prefix, value } = query.filter;
      const params: unknown[] = [poolId, query.after ?? ''];
      const p = (v: unknown) => `$${params.push(v)}`;
      const column = attribute === 'username' || attribute === 'status' || attribute === 'sub' ? attribute : undefined;
      // The attribute name is a bound parameter, never spliced into the SQL. A missing attribute is NULL and never
      // matches. starts_with takes % and _ literally, as a prefix filter must.
      const target = column ?? `(attributes ->> ${p(attribute)})`;
      const cond = prefix ? `starts_with(${target}, ${p(value)})` : `${target} = ${p(value)}`;
      const text = `SELECT * FROM users WHERE pool_id = $1 AND username_key > $2 AND ${cond} ORDER BY username_key LIMIT ${p(query.limit)}`;
      return (await sql(text, params)).rows.map(rows.toUser);
    },
    async count(poolId) {
      return (await sql(USERS.count, [poolId])).rows[0]!.n as number;
    },
  };
}
