// One entry point for both transports: validate a call from a page, then
// run it on the AppService. Errors come back as messages for people.

import type { AppApi } from '../../shared/ipc/api';
import { validateCall } from '../../shared/ipc/validate';

/** Runs `method(...args)` on `api` after validation; rejects with ValidationError or the method's own error. */
export async function dispatchCall(api: AppApi, method: unknown, args: unknown): Promise<unknown> {
  const v = validateCall(method, args);
  const fn = api[v.method] as (...a: unknown[]) => Promise<unknown>;
  return fn.apply(api, v.args);
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
