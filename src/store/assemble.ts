import type { RepositoryName } from './access.js';
import type { Store } from './types.js';

type Repositories = { [R in RepositoryName]: Store[R] };

/**
 * An adapter's repository modules, each a function from the adapter's context to one repository (pools and clients
 * share their cache, so one module makes both). A repository without a module is a compile error.
 */
export type RepositoryModules<C> = { [R in Exclude<RepositoryName, 'pools' | 'clients'>]: (ctx: C) => Store[R] } & {
  poolsAndClients: (ctx: C) => Pick<Store, 'pools' | 'clients'>;
};

/** Builds every repository of a store over one adapter context. */
export function assembleRepositories<C>(ctx: C, modules: RepositoryModules<C>): Repositories {
  const { poolsAndClients, ...rest } = modules;
  const built = Object.fromEntries(Object.entries(rest).map(([name, make]) => [name, (make as (c: C) => unknown)(ctx)]));
  return { ...poolsAndClients(ctx), ...(built as Omit<Repositories, 'pools' | 'clients'>) };
}
