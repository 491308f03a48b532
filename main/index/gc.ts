// A full garbage collection on demand, used by the build between its big
// phases: V8 frees dropped ArrayBuffers only at its next GC, and the
// finishing sorts allocate the final columns while the build columns are
// being dropped, so without collecting in between both would be resident
// at once. (--expose-gc set at runtime; a no-op where unavailable.)

import * as v8 from 'node:v8';
import * as vm from 'node:vm';

let gcFn: (() => void) | null | undefined;

export function collectGarbage(): void {
  if (gcFn === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      gcFn = vm.runInNewContext('gc') as () => void;
    } catch {
      gcFn = null;
    }
  }
  gcFn?.();
}
