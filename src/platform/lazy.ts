/**
 * A service whose module loads on its first call instead of at start-up (docs/performance.md, "Cold start"): the
 * stub's methods import the implementation, make it once and call it. `loaded()` does the same without a call; the
 * composition root runs it once the first answer is out and puts the real service where the stub was, so that from
 * then on calls go straight to it, without the stub's extra await. Every method of the interface must return a
 * promise: a caller cannot tell the stub from the service.
 */
export type Lazy<T> = T & {
  /** Loads (once) and returns the real service. */
  loaded(): Promise<T>;
  /** The real service's promise if something has started loading it, else undefined (closing needs no load). */
  started(): Promise<T> | undefined;
};

export function lazyService<T extends object>(load: () => Promise<T>, methods: ReadonlyArray<keyof T & string>): Lazy<T> {
  let loading: Promise<T> | undefined;
  const loaded = () => (loading ??= load());
  const stub = { loaded, started: () => loading } as Record<string, unknown>;
  for (const name of methods) {
    stub[name] = async (...args: unknown[]) => {
      const real = (await loaded()) as Record<string, (...a: unknown[]) => unknown>;
      return real[name]!(...args);
    };
  }
  return stub as Lazy<T>;
}

/** lazyService for a service that is one async function. */
export function lazyFunction<F extends (...args: never[]) => Promise<unknown>>(load: () => Promise<F>): Lazy<F> {
  let loading: Promise<F> | undefined;
  const loaded = () => (loading ??= load());
  const stub = (async (...args: Parameters<F>) => (await loaded())(...args)) as unknown as Lazy<F>;
  stub.loaded = loaded;
  stub.started = () => loading;
  return stub;
}
