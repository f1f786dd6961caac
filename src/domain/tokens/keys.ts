import type { KeyObject } from 'node:crypto';
import type { Deps } from '../deps.js';
import { generateSigningKeyAsync, importPrivateKeyPem, importPublicJwk, toJwks, type JwtSigner, type PublicJwk, type SigningKey } from './jwt.js';

/**
 * Per-pool RSA signing keys, one for id tokens and one for access tokens (as Cognito: the JWKS lists both).
 * Generated on first use and kept in the store with the private key sealed; `putIfAbsent` makes concurrent
 * first uses (also across processes) agree on one key. Parsed keys are cached per process: they never change.
 */
export interface KeyService {
  signer(poolId: string, use: 'id' | 'access'): Promise<JwtSigner>;
  publicKey(poolId: string, kid: string): Promise<{ key: KeyObject; use: 'id' | 'access' } | undefined>;
  jwks(poolId: string): Promise<{ keys: PublicJwk[] }>;
  /**
   * Makes sure the pool's two keys exist, generating what is missing (CreateUserPool starts it without waiting: a new
   * pool's first sign-in would otherwise wait ~0.5 s for two RSA keys, as every test file of an app that creates its
   * pool and signs in at once did).
   */
  prepare(poolId: string): Promise<void>;
  forget(poolId: string): void;
}

interface Loaded {
  kid: string;
  use: 'id' | 'access';
  privateKey: KeyObject;
  publicKey: KeyObject;
  jwk: PublicJwk;
}

/**
 * `newKey` makes a pool's key the first time it is needed: a fresh RSA key generated on libuv's thread pool unless
 * the composition root passes another source (in-process test servers reuse real keys across pools:
 * test/helpers/signing-keys.ts).
 */
export function createKeyService(deps: Pick<Deps, 'store' | 'sealer' | 'clock'>, newKey: () => Promise<SigningKey> = generateSigningKeyAsync): KeyService {
  const cache = new Map<string, Loaded>(); // `${poolId}/${use}`
  const byKid = new Map<string, Loaded>(); // `${poolId}/${kid}`
  // Loads and generations under way: concurrent first uses of a pool (its first sign-ins, `prepare`) share one
  // instead of each generating a key that putIfAbsent then throws away.
  const pending = new Map<string, Promise<Loaded>>(); // `${poolId}/${use}`

  const remember = (poolId: string, l: Loaded) => {
    cache.set(`${poolId}/${l.use}`, l);
    byKid.set(`${poolId}/${l.kid}`, l);
    return l;
  };

  const load = (poolId: string, rec: { use: 'id' | 'access'; kid: string; privateKeySealed: string; publicJwk: Record<string, string> }): Loaded => {
    const pem = deps.sealer.open(rec.privateKeySealed, `signing-key:${poolId}:${rec.use}`);
    const jwk = rec.publicJwk as unknown as PublicJwk;
    return remember(poolId, { kid: rec.kid, use: rec.use, privateKey: importPrivateKeyPem(pem), publicKey: importPublicJwk(jwk), jwk });
  };

  function ensure(poolId: string, use: 'id' | 'access'): Promise<Loaded> {
    const id = `${poolId}/${use}`;
    const hit = cache.get(id);
    if (hit) return Promise.resolve(hit);
    let p = pending.get(id);
    if (!p) {
      p = loadOrCreate(poolId, use).finally(() => pending.delete(id));
      pending.set(id, p);
    }
    return p;
  }

  async function loadOrCreate(poolId: string, use: 'id' | 'access'): Promise<Loaded> {
    const existing = await deps.store.signingKeys.get(poolId, use);
    if (existing) return load(poolId, existing);
    const fresh = await newKey();
    // A pool deleted while its key was being generated (CreateUserPool's prepare, then DeleteUserPool at once) gets
    // no key row to outlive it.
    if (!(await deps.store.pools.get(poolId))) throw new Error(`user pool ${poolId} no longer exists`);
    const stored = await deps.store.signingKeys.putIfAbsent({
      poolId,
      use,
      kid: fresh.kid,
      privateKeySealed: deps.sealer.seal(fresh.privateKeyPem, `signing-key:${poolId}:${use}`),
      publicJwk: fresh.publicJwk as unknown as Record<string, string>,
      createdAt: deps.clock.now(),
    });
    return load(poolId, stored);
  }

  return {
    async signer(poolId, use) {
      const l = await ensure(poolId, use);
      return { kid: l.kid, privateKey: l.privateKey };
    },
    async publicKey(poolId, kid) {
      let l = byKid.get(`${poolId}/${kid}`);
      if (!l) {
        for (const rec of await deps.store.signingKeys.list(poolId)) if (rec.kid === kid) l = load(poolId, rec);
      }
      return l && { key: l.publicKey, use: l.use };
    },
    async jwks(poolId) {
      const keys = await Promise.all([ensure(poolId, 'id'), ensure(poolId, 'access')]);
      return toJwks(keys.map((k) => k.jwk));
    },
    async prepare(poolId) {
      await Promise.all([ensure(poolId, 'id'), ensure(poolId, 'access')]);
    },
    forget(poolId) {
      for (const use of ['id', 'access'] as const) {
        const l = cache.get(`${poolId}/${use}`);
        if (l) byKid.delete(`${poolId}/${l.kid}`);
        cache.delete(`${poolId}/${use}`);
      }
    },
  };
}
