import type { Clock } from '../platform/clock.js';
import type { Random } from '../platform/random.js';
import type { Logger } from '../platform/log.js';
import type { Store, OutboxMessage } from '../store/types.js';
import type { ModPowOffload } from './auth/srp.js';
import type { CodeEncrypter, FunctionInvoker } from './triggers/port.js';
import type { TriggerLog } from './triggers/log.js';

/** Seals secrets at rest (TOTP secrets, signing keys): see platform/secret-box.ts. */
export interface Sealer {
  seal(plaintext: string, aad?: string): string;
  open(sealed: string, aad?: string): string;
}

/** Where SMS and email messages go. The default adapter records them in the store's outbox. */
export interface DeliveryPort {
  send(message: Omit<OutboxMessage, 'id' | 'createdAt'>): Promise<void>;
  /**
   * Costs what `send` costs and delivers nothing: the decoy of a code request for a name nobody has
   * (domain/auth/decoys.ts), so that a known user's request cannot be told from an unknown one's by its time.
   */
  decoy(message: Omit<OutboxMessage, 'id' | 'createdAt' | 'purpose'>): Promise<void>;
}

/** fetch's signature, as far as the federation code uses it. */
export type OutboundFetch = (url: string, init: RequestInit) => Promise<Response>;

/** What the domain needs from the outside world; built once in main.ts. */
export interface Deps {
  clock: Clock;
  random: Random;
  log: Logger;
  store: Store;
  sealer: Sealer;
  delivery: DeliveryPort;
  /** Runs SRP's modular exponentiations off the event loop (worker threads in the server); absent: inline. */
  modPow?: ModPowOffload;
  /** Runs Lambda triggers' functions as the server configuration maps them (docs/triggers.md); absent: none is mapped. */
  functions?: FunctionInvoker;
  /** Where trigger invocations are recorded for GET /_cognate/triggers; absent: nowhere. */
  triggerLog?: TriggerLog;
  /** Encrypts the codes CustomSMSSender / CustomEmailSender receive (docs/triggers.md); absent: no key is configured. */
  senderCodes?: CodeEncrypter;
  /**
   * The HTTP client for calls to external identity providers (discovery, token, JWKS, userInfo:
   * domain/federation/outbound.ts bounds their time and size); absent: the platform's fetch. Tests swap it.
   */
  outboundFetch?: OutboundFetch;
  region: string;
  accountId: string;
  /** Keyed one-way hash (HMAC-SHA256 with a key derived from the master key) for codes, sessions, refresh tokens. */
  hashSecret(value: string): string;
  /** The token issuer of a pool: public base URL + '/' + poolId. */
  issuer(poolId: string): string;
}
