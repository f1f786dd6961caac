import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/**
 * Worker threads for SRP's 3072-bit modular exponentiations (0.45–1 ms each through OpenSSL). On the event loop
 * they held every other request for that long; here they run beside it, on other cores. The exponentiation itself
 * is the same call as srp.ts modPowN (node:crypto DiffieHellman with the exponent as the private key), so the
 * results are identical; srp.ts sends only the cases modPowN hands to OpenSSL (base not 0, 1, N−1).
 *
 * A job costs ~30–50 µs of hand-off (two messages); only worth it for work of this size. A worker keeps the process
 * alive only while it has jobs; workers start lazily and are replaced if one dies (its jobs fail with its error).
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createDiffieHellman } = require('node:crypto');
const G = Buffer.from([2]);
parentPort.on('message', ({ id, n, base, exp }) => {
  try {
    const dh = createDiffieHellman(Buffer.from(n), G);
    dh.setPrivateKey(Buffer.from(exp));
    let r;
    if (!base) r = dh.generateKeys();
    else {
      try {
        r = dh.computeSecret(Buffer.from(base));
      } catch (e) {
        // srp.ts modPowN: OpenSSL 3.5 refuses a non-residue base; b^e = (−1)^e · (N − b)^e.
        if (!e || e.code !== 'ERR_CRYPTO_INVALID_KEYTYPE') throw e;
        const N = BigInt('0x' + Buffer.from(n).toString('hex'));
        const neg = (x) => Buffer.from((N - x).toString(16).padStart(n.byteLength * 2, '0'), 'hex');
        const s = BigInt('0x' + dh.computeSecret(neg(BigInt('0x' + Buffer.from(base).toString('hex')))).toString('hex'));
        const odd = (Buffer.from(exp).at(-1) & 1) === 1;
        r = odd && s !== 0n ? neg(s) : Buffer.from(s.toString(16).padStart(n.byteLength * 2, '0'), 'hex');
      }
    }
    parentPort.postMessage({ id, r });
  } catch (e) {
    parentPort.postMessage({ id, error: String((e && e.message) || e) });
  }
});
`;

interface Job {
  resolve(r: Buffer): void;
  reject(e: Error): void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Job>;
}

export class ModPowThreads {
  private readonly slots: Array<Slot | undefined>;
  private nextId = 1;
  private closed = false;

  constructor(private readonly modulus: Buffer, size: number) {
    this.slots = new Array<Slot | undefined>(Math.max(1, size)).fill(undefined);
  }

  /** base^exp mod N; `base` null means the generator 2 (g^exp). */
  run(base: Buffer | null, exp: Buffer): Promise<Buffer> {
    if (this.closed) return Promise.reject(new Error('modpow threads closed'));
    const slot = this.leastBusy();
    const id = this.nextId++;
    return new Promise<Buffer>((resolve, reject) => {
      // Referenced while it has work (a caller may be waiting on nothing else), unreferenced when idle.
      if (slot.pending.size === 0) slot.worker.ref();
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ id, n: this.modulus, base, exp });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s?.worker.terminate()));
  }

  private leastBusy(): Slot {
    let best: Slot | undefined;
    for (let i = 0; i < this.slots.length; i++) {
      const s = this.slots[i] ?? (this.slots[i] = this.spawn(i));
      if (!best || s.pending.size < best.pending.size) best = s;
      if (best.pending.size === 0) break;
    }
    return best!;
  }

  private spawn(index: number): Slot {
    // The thread runs a few lines of JS around OpenSSL: small heaps keep its memory to a few MB.
    const worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2, codeRangeSizeMb: 2 } });
    const slot: Slot = { worker, pending: new Map() };
    worker.on('message', (m: { id: number; r?: Uint8Array; error?: string }) => {
      const job = slot.pending.get(m.id);
      if (!job) return;
      slot.pending.delete(m.id);
      if (slot.pending.size === 0) worker.unref();
      if (m.error !== undefined) job.reject(new Error(`modpow failed: ${m.error}`));
      else job.resolve(Buffer.from(m.r!.buffer, m.r!.byteOffset, m.r!.byteLength));
    });
    const fail = (e: Error) => {
      if (this.slots[index] === slot) this.slots[index] = undefined;
      for (const job of slot.pending.values()) job.reject(e);
      slot.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`modpow worker exited (${code})`)));
    // After the listeners: adding a 'message' listener references the worker again.
    worker.unref();
    return slot;
  }
}

let shared: ModPowThreads | undefined;

/**
 * One set of threads per process, shared by every server it starts (tests start many); as many threads as the
 * machine has cores, at most 4. Never closed: an idle thread does not keep the process alive.
 */
export function sharedModPowThreads(modulus: Buffer): ModPowThreads {
  shared ??= new ModPowThreads(modulus, Math.min(4, availableParallelism()));
  return shared;
}
