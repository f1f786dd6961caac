import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';

/**
 * A software WebAuthn authenticator for tests (no npm authenticator emulator exists that runs headless in Node):
 * P-256 keys from node:crypto, CBOR and authenticator data assembled by hand per WebAuthn Level 2 §6.1, §6.5.
 */
type Cbor = number | string | Buffer | Cbor[] | Map<number | string, Cbor>;

function head(major: number, n: number): Buffer {
  if (n < 24) return Buffer.from([(major << 5) | n]);
  if (n < 0x100) return Buffer.from([(major << 5) | 24, n]);
  if (n < 0x10000) {
    const b = Buffer.alloc(3);
    b[0] = (major << 5) | 25;
    b.writeUInt16BE(n, 1);
    return b;
  }
  const b = Buffer.alloc(5);
  b[0] = (major << 5) | 26;
  b.writeUInt32BE(n, 1);
  return b;
}

/** RFC 8949 encoding of the few types attestation objects use. */
export function cbor(v: Cbor): Buffer {
  if (typeof v === 'number') return v >= 0 ? head(0, v) : head(1, -1 - v);
  if (typeof v === 'string') {
    const s = Buffer.from(v, 'utf8');
    return Buffer.concat([head(3, s.length), s]);
  }
  if (Buffer.isBuffer(v)) return Buffer.concat([head(2, v.length), v]);
  if (Array.isArray(v)) return Buffer.concat([head(4, v.length), ...v.map(cbor)]);
  return Buffer.concat([head(5, v.size), ...[...v].flatMap(([k, x]) => [cbor(k), cbor(x)])]);
}

export interface CreateOptions {
  challenge: string;
  rp: { id: string; name: string };
  user: { id: string; name: string; displayName: string };
}

export interface MakeCredential {
  origin: string;
  /** Overrides for negative tests. */
  rpId?: string;
  type?: string;
  challenge?: string;
  userVerified?: boolean;
}

export class SoftwareAuthenticator {
  readonly credentials: Array<{ id: Buffer; privateKey: ReturnType<typeof generateKeyPairSync>['privateKey']; counter: number }> = [];

  /** navigator.credentials.create() as a browser would serialise it (RegistrationResponseJSON). */
  create(options: CreateOptions, how: MakeCredential): Record<string, unknown> {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' }) as { x: string; y: string };
    const id = randomBytes(16);
    this.credentials.push({ id, privateKey, counter: 0 });
    const cose = cbor(
      new Map<number, Cbor>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, Buffer.from(jwk.x, 'base64url')],
        [-3, Buffer.from(jwk.y, 'base64url')],
      ]),
    );
    const flags = 0x01 | (how.userVerified === false ? 0 : 0x04) | 0x40; // UP, UV, AT
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(id.length);
    const authData = Buffer.concat([
      createHash('sha256').update(how.rpId ?? options.rp.id).digest(),
      Buffer.from([flags]),
      Buffer.alloc(4), // signCount 0
      Buffer.alloc(16), // AAGUID: none
      idLength,
      id,
      cose,
    ]);
    const attestationObject = cbor(new Map<string, Cbor>([['fmt', 'none'], ['attStmt', new Map()], ['authData', authData]]));
    const clientDataJSON = Buffer.from(
      JSON.stringify({ type: how.type ?? 'webauthn.create', challenge: how.challenge ?? options.challenge, origin: how.origin, crossOrigin: false }),
    );
    return {
      id: id.toString('base64url'),
      rawId: id.toString('base64url'),
      type: 'public-key',
      response: {
        clientDataJSON: clientDataJSON.toString('base64url'),
        attestationObject: attestationObject.toString('base64url'),
        transports: ['internal', 'hybrid'],
      },
      authenticatorAttachment: 'platform',
      clientExtensionResults: { credProps: { rk: true } },
    };
  }

  /**
   * navigator.credentials.get() as a browser would serialise it (AuthenticationResponseJSON): authenticator data
   * (§6.1: rpIdHash, flags, signature counter) signed with the credential's key over authData ‖ SHA-256(clientDataJSON)
   * (§6.3.3). The counter moves by one per assertion unless `counter` says otherwise.
   */
  get(options: GetOptions, how: MakeCredential & { credentialIndex?: number; counter?: number }): Record<string, unknown> {
    const cred = this.credentials[how.credentialIndex ?? 0];
    if (!cred) throw new Error('no credential');
    cred.counter = how.counter ?? cred.counter + 1;
    const flags = 0x01 | (how.userVerified === false ? 0 : 0x04); // UP, UV
    const count = Buffer.alloc(4);
    count.writeUInt32BE(cred.counter);
    const authData = Buffer.concat([createHash('sha256').update(how.rpId ?? options.rpId).digest(), Buffer.from([flags]), count]);
    const clientDataJSON = Buffer.from(
      JSON.stringify({ type: how.type ?? 'webauthn.get', challenge: how.challenge ?? options.challenge, origin: how.origin, crossOrigin: false }),
    );
    const signature = sign('sha256', Buffer.concat([authData, createHash('sha256').update(clientDataJSON).digest()]), cred.privateKey);
    return {
      id: cred.id.toString('base64url'),
      rawId: cred.id.toString('base64url'),
      type: 'public-key',
      response: {
        clientDataJSON: clientDataJSON.toString('base64url'),
        authenticatorData: authData.toString('base64url'),
        signature: signature.toString('base64url'),
      },
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
    };
  }
}

export interface GetOptions {
  challenge: string;
  rpId: string;
  allowCredentials?: Array<{ id: string }>;
  userVerification?: string;
}
