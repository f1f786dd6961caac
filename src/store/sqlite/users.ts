import { StoreConflictError, type AliasEntry, type UserRecord, type UserRepository } from '../types.js';
import { familyState, json } from '../rows.js';
import { TOKENS } from '../sql/tokens.js';
import { USERS } from '../sql/users.js';
import { isUniqueViolation, type SqliteContext } from './connection.js';

export function users({ db, rows, statement, one, all, run }: SqliteContext): UserRepository {
  // Every token-authorized request makes this read. In raw mode better-sqlite3 returns the row as an array, named
  // below in one object literal, instead of building a keyed object from the column names per row (~1 µs, measured).
  const accessTokenRead = statement(USERS.getForAccessToken).raw();

  const insertAliases = (poolId: string, usernameKey: string, aliases: AliasEntry[]) => {
    for (const a of aliases) {
      try {
        run(USERS.insertAlias, poolId, a.kind, a.valueKey, usernameKey);
      } catch (e) {
        if (isUniqueViolation(e)) throw new StoreConflictError(`alias:${a.kind}`);
        throw e;
      }
    }
  };

  const createTx = db.transaction((u: UserRecord, aliases: AliasEntry[]) => {
    try {
      run(USERS.insert, u.poolId, u.usernameKey, u.username, u.sub, u.status, u.enabled ? 1 : 0, u.createdAt, u.updatedAt, u.version, json(u.attributes), json(u.data));
    } catch (e) {
      if (isUniqueViolation(e)) throw new StoreConflictError('username');
      throw e;
    }
    insertAliases(u.poolId, u.usernameKey, aliases);
  });

  const updateRow = (u: UserRecord): boolean =>
    run(USERS.update, u.username, u.sub, u.status, u.enabled ? 1 : 0, u.updatedAt, json(u.attributes), json(u.data), u.poolId, u.usernameKey, u.version) === 1;
  const updateTx = db.transaction((u: UserRecord, aliases: AliasEntry[]): boolean => {
    if (!updateRow(u)) return false;
    run(USERS.deleteAliases, u.poolId, u.usernameKey);
    insertAliases(u.poolId, u.usernameKey, aliases);
    return true;
  });

  const deleteTx = db.transaction((poolId: string, usernameKey: string, now: number): boolean => {
    const n = run(USERS.delete, poolId, usernameKey);
    for (const text of USERS.deleteOwned) run(text, poolId, usernameKey);
    run(TOKENS.revokeUser, now, poolId, usernameKey);
    return n === 1;
  });

  return {
    async create(u, aliases) {
      createTx.immediate(u, aliases);
    },
    async get(poolId, usernameKey) {
      const r = one(USERS.get, poolId, usernameKey);
      return r && rows.toUser(r);
    },
    async getForAccessToken(poolId, usernameKey, originJti) {
      const a = accessTokenRead.get(poolId, originJti ?? null, poolId, usernameKey) as unknown[];
      const user = a[2] === null ? undefined : rows.toUser({
        pool_id: a[1], username_key: a[2], username: a[3], sub: a[4], status: a[5], enabled: a[6], created_at: a[7],
        updated_at: a[8], version: a[9], attributes: a[10], data: a[11],
      });
      return { user, family: familyState(a[0]) };
    },
    async findByAlias(poolId, kind, valueKey) {
      const r = one(USERS.findByAlias, poolId, kind, valueKey);
      return r && rows.toUser(r);
    },
    async update(u, aliases) {
      // One statement is atomic on its own: no savepoint unless the alias set is replaced with it.
      return aliases ? updateTx.immediate(u, aliases) : updateRow(u);
    },
    async delete(poolId, usernameKey, now) {
      return deleteTx.immediate(poolId, usernameKey, now);
    },
    async list(poolId, q) {
      const after = q.after ?? '';
      if (!q.filter) return all(USERS.list, poolId, after, q.limit).map(rows.toUser);
      const { attribute, prefix, value } = q.filter;
      const params: unknown[] = [poolId, after];
      const p = (v: unknown) => `$${params.push(v)}`;
      const column = attribute === 'username' || attribute === 'status' || attribute === 'sub' ? attribute : undefined;
      // The attribute name is bound, never spliced into the JSON path; a missing attribute yields NULL and never matches.
      const target = column ?? `json_extract(attributes, '$."' || ${p(attribute)} || '"')`;
      // substr/length rather than LIKE: % and _ in the value are literal characters, and the comparison is exact.
      const cond = prefix ? `substr(${target}, 1, length(${p(value)})) = ${p(value)}` : `${target} = ${p(value)}`;
      const text = `SELECT * FROM users WHERE pool_id = $1 AND username_key > $2 AND ${cond} ORDER BY username_key LIMIT ${p(q.limit)}`;
      return all(text, ...params).map(rows.toUser);
    },
    async count(poolId) {
      return (one(USERS.count, poolId)!.n as number) ?? 0;
    },
  };
}
