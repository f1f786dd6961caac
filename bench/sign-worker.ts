import { parentPort, workerData } from 'node:worker_threads';
import type { KeyObject } from 'node:crypto';
import { signJwt } from '../src/domain/tokens/jwt.js';

/** Signs a slice of access-token claims off the main thread (RS256 signing is ~0.3–0.5 ms each). */
const { key, kid, claims } = workerData as { key: KeyObject; kid: string; claims: object[] };
parentPort!.postMessage(claims.map((c) => signJwt(c, { kid, privateKey: key })));
