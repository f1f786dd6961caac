import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { OPERATION_NAMES, type OperationName } from '../../model/names.js';
import { CognitoError } from '../domain/errors.js';
import type { Operation } from './operation.js';

export type Registry = Map<OperationName, Operation>;

/**
 * Loads every operation file of this folder (files named like a wire operation) and checks the result against the
 * model: a file for an unknown operation is a start-up error, and every modelled operation without a file gets an
 * explicit "not supported yet" answer, so no operation can fall through to a 500.
 */
export async function loadOperations(): Promise<Registry> {
  const dir = fileURLToPath(new URL('.', import.meta.url));
  const known = new Set<string>(OPERATION_NAMES);
  const registry: Registry = new Map();
  for (const file of readdirSync(dir).sort()) {
    const m = /^([A-Z][A-Za-z0-9]+)\.js$/.exec(file);
    if (!m) continue;
    const mod = (await import(new URL(file, import.meta.url).href)) as { default?: Operation };
    const op = mod.default;
    if (!op || op.name !== m[1]) throw new Error(`operations/${file} must default-export operation('${m[1]}', …)`);
    if (!known.has(op.name)) throw new Error(`operations/${file}: ${op.name} is not an operation of the model`);
    registry.set(op.name, op);
  }
  for (const name of OPERATION_NAMES) if (!registry.has(name)) registry.set(name, unsupported(name));
  return registry;
}

/**
 * The registry `cognate serve` uses: the same operations as loadOperations, but each module is imported on its first
 * call (and all of them by `warm()`, which the server runs once it has answered its first request). Importing the ~130
 * operation modules and what they import took ~60 % of the time from spawn to the first answer (docs/performance.md,
 * "Cold start"); a request needs only its own. The import names its file by a template a bundler can follow (one
 * chunk per operation). An operation without a file answers UnsupportedOperationException, as in loadOperations; a
 * file that does not export its operation fails that operation's calls with loadOperations' start-up message (the
 * registry tests load every file eagerly, so neither reaches a user).
 */
export function lazyOperations(): Registry & { warm(): Promise<void> } {
  const registry = new Map() as Registry & { warm(): Promise<void> };
  const loaders: Array<() => Promise<unknown>> = [];
  for (const name of OPERATION_NAMES) {
    let loading: Promise<Operation> | undefined;
    const load = () =>
      (loading ??= import(`./${name}.js`).then(
        (mod: { default?: Operation }) => {
          const op = mod.default;
          if (!op || op.name !== name) throw new Error(`operations/${name}.js must default-export operation('${name}', …)`);
          registry.set(name, op);
          return op;
        },
        (e: unknown) => {
          if ((e as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND' || !String((e as Error).message).includes(`${name}.js`)) throw e;
          const op = unsupported(name);
          registry.set(name, op);
          return op;
        },
      ));
    registry.set(name, { name, handle: async (input, ctx) => (await load()).handle(input, ctx) });
    loaders.push(load);
  }
  registry.warm = async () => {
    for (const load of loaders) await load().catch(() => {});
  };
  return registry;
}

export const UNSUPPORTED_MARK = Symbol('unsupported');

function unsupported(name: OperationName): Operation {
  const op: Operation & { [UNSUPPORTED_MARK]?: true } = {
    name,
    async handle() {
      throw new CognitoError('UnsupportedOperationException', `cognate does not support ${name} yet.`);
    },
  };
  op[UNSUPPORTED_MARK] = true;
  return op;
}

export function isSupported(op: Operation): boolean {
  return !(op as { [UNSUPPORTED_MARK]?: true })[UNSUPPORTED_MARK];
}
