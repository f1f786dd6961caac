import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { ensurePrivateDir, tighten } from './private-files.js';

/**
 * The certificate `cognate serve --tls` answers with (docs/hosted-ui.md, HTTPS): the files given (--tls-cert,
 * --tls-key), or a self-signed certificate generated once into `<data>/tls/` and reused after, valid for the names a
 * pool domain is reached by on this machine: localhost, *.localhost, *.auth.<region>.localhost,
 * *.auth.<region>.amazoncognito.com (mapped to loopback in /etc/hosts), 127.0.0.1 and ::1. Clients trust it by its
 * file (`ca`, NODE_EXTRA_CA_CERTS) or by the SHA-256 fingerprint printed at start.
 */
export interface TlsMaterial {
  cert: string;
  key: string;
  /** The certificate file (given or generated). */
  certPath: string;
  /** SHA-256 fingerprint of the certificate, colon-separated hex (as openssl x509 -fingerprint -sha256 prints it). */
  fingerprint: string;
  generated: boolean;
}

export async function loadTlsMaterial(opts: { certFile?: string; keyFile?: string; dataDir: string; region: string }): Promise<TlsMaterial> {
  if (opts.certFile || opts.keyFile) {
    if (!opts.certFile || !opts.keyFile) throw new Error('--tls-cert and --tls-key go together');
    const certPath = resolve(opts.certFile);
    const cert = readFileSync(certPath, 'utf8');
    return { cert, key: readFileSync(resolve(opts.keyFile), 'utf8'), certPath, fingerprint: fingerprintOf(cert), generated: false };
  }
  const dir = join(resolve(opts.dataDir), 'tls');
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  if (existsSync(certPath) && existsSync(keyPath)) {
    tighten(keyPath);
    const cert = readFileSync(certPath, 'utf8');
    return { cert, key: readFileSync(keyPath, 'utf8'), certPath, fingerprint: fingerprintOf(cert), generated: false };
  }
  ensurePrivateDir(dir);
  const { cert, key } = await selfSigned(opts.region);
  writeFileSync(keyPath, key, { mode: 0o600 });
  writeFileSync(certPath, cert, { mode: 0o644 });
  return { cert, key, certPath, fingerprint: fingerprintOf(cert), generated: true };
}

function fingerprintOf(cert: string): string {
  return new X509Certificate(cert).fingerprint256;
}

async function selfSigned(region: string): Promise<{ cert: string; key: string }> {
  const { generate } = await import('selfsigned');
  const now = Date.now();
  const names = ['localhost', '*.localhost', `*.auth.${region}.localhost`, `*.auth.${region}.amazoncognito.com`];
  const pems = await generate([{ name: 'commonName', value: 'cognate local' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    // A day back for clocks that differ; ten years ahead: a development certificate that is not renewed.
    notBeforeDate: new Date(now - 86_400_000),
    notAfterDate: new Date(now + 10 * 365 * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [...names.map((value) => ({ type: 2 as const, value })), { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }] },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}
