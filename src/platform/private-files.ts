import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The data folder holds outbox codes, temporary passwords, SRP verifiers and the master key: other accounts of the
 * machine must not read it. Folders cognate creates are 0700; its files 0600. A folder that already exists keeps
 * its mode (it may be one the user shares on purpose), but the files cognate owns in it are tightened.
 */
export function ensurePrivateDir(dir: string): void {
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/**
 * An SQLite database file, created 0600 before SQLite opens it: SQLite creates the -wal and -shm files with the
 * database file's mode (https://www.sqlite.org/tempfiles.html), so they follow. Existing ones are tightened.
 */
export function ensurePrivateSqliteFiles(file: string): void {
  ensurePrivateDir(dirname(file));
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) tighten(f);
}

/** chmod 0600 unless it already is (no write to a file another process may be using when nothing changes). */
export function tighten(file: string): void {
  try {
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  } catch (e) {
    if ((e as { code?: string }).code !== 'ENOENT') throw e;
  }
}
