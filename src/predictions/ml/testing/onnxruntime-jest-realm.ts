/**
 * Import this first in specs that run onnxruntime-node under Jest.
 *
 * Jest evaluates each test file in its own VM realm, while onnxruntime-node's native
 * binding creates output arrays with the main realm's typed-array constructors. The
 * `data instanceof Float32Array` check of onnxruntime-common (a module loaded inside
 * the test realm) then fails with "A float32 tensor's data must be type of function
 * Float32Array()". Pointing the test realm's typed-array globals at the main realm's,
 * before onnxruntime is loaded, makes both sides agree. Outside Jest this is a no-op.
 */
import * as vm from 'node:vm';

const TYPED_ARRAYS = [
  'ArrayBuffer',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
] as const;

const realmGlobals = globalThis as unknown as Record<string, unknown>;
for (const name of TYPED_ARRAYS) {
  const main: unknown = vm.runInThisContext(name);
  if (realmGlobals[name] !== main) realmGlobals[name] = main;
}
