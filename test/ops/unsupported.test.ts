import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OPERATION_NAMES, type OperationName } from '../../model/names.js';
import { isSupported, loadOperations } from '../../src/operations/registry.js';

/**
 * Issue 16: no operation of the model may answer UnsupportedOperationException. This list holds the ones that
 * still do; it may only shrink. Whoever implements one removes it here (the test fails until they do), and issue
 * 16 is resolved when the list is empty.
 */
const STILL_UNSUPPORTED: readonly string[] = [
];

describe('operations of the model that cognate does not support yet (issue 16)', () => {
  it('are exactly the allow-listed ones', async () => {
    const registry = await loadOperations();
    const unsupported = OPERATION_NAMES.filter((name) => !isSupported(registry.get(name)!));
    assert.deepEqual(unsupported, [...STILL_UNSUPPORTED].sort(), 'update STILL_UNSUPPORTED: it lists exactly the operations without an implementation');
  });

  it('answer UnsupportedOperationException with cognate\'s message', async () => {
    const registry = await loadOperations();
    for (const name of STILL_UNSUPPORTED) {
      await assert.rejects(registry.get(name as OperationName)!.handle({}, {} as never), (e: Error & { type?: string }) => {
        assert.equal(e.type, 'UnsupportedOperationException');
        assert.equal(e.message, `cognate does not support ${name} yet.`);
        return true;
      });
    }
  });
});
