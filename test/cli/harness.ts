/** Shared pieces of the CLI tests: the fixtures, capture streams, and the masking merge.js applied. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

export const TOK = 'eyJraWQiOiJhYmMiLCJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2ln';

function fixturesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const p = join(dir, 'test', 'cli', 'fixtures');
    try {
      readFileSync(join(p, 'cases.json'));
      return p;
    } catch {
      dir = dirname(dir);
    }
  }
  throw new Error('test/cli/fixtures not found');
}

export interface CaptureCase {
  id: string;
  title: string;
  args: string[];
  mode?: string;
  delayMs?: number;
  env?: Record<string, string>;
  creds?: boolean;
  endpoint?: boolean;
  region?: boolean;
  files?: Record<string, string>;
  grep?: string[];
  sigintAfterMs?: number;
  needs?: 'tls' | 'netns';
}

export interface Expected {
  requests: number;
  method?: string;
  path?: string;
  target?: string;
  authorization?: boolean;
  securityToken?: boolean;
  sdkRequest?: string[];
  body?: string;
  stdout: string;
  stderr: string;
  stderrFiltered: boolean;
  exitCode: number | string;
}

export function loadCases(): CaptureCase[] {
  return JSON.parse(readFileSync(join(fixturesDir(), 'cases.json'), 'utf8')) as CaptureCase[];
}

export function loadExpected(): Record<string, Record<string, Expected>> {
  return (JSON.parse(readFileSync(join(fixturesDir(), 'expected.json'), 'utf8')) as { cases: Record<string, Record<string, Expected>> }).cases;
}

export class Capture extends Writable {
  private chunks: Buffer[] = [];
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    this.chunks.push(Buffer.from(chunk));
    cb();
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/** merge.js's transformations: TOK shortened, \r and ESC made visible, one trailing newline dropped. */
export function asRecorded(s: string): string {
  return s.split(TOK).join('TOK').replace(/\r/g, '\\r').replace(/\x1b/g, '\\e').replace(/\n$/, '');
}

export function makeCert(dir: string): { key: string; cert: string } | null {
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
      { stdio: 'ignore' },
    );
    return { key: join(dir, 'key.pem'), cert: join(dir, 'cert.pem') };
  } catch {
    return null;
  }
}

export function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(d, 'home'), { recursive: true });
  return d;
}

export function writeFiles(base: string, files: Record<string, string> | undefined, sub: (s: string) => string): void {
  for (const [rel, content] of Object.entries(files ?? {})) {
    const f = join(base, rel);
    mkdirSync(dirname(f), { recursive: true });
    writeFileSync(f, sub(content));
  }
}
