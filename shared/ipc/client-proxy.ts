// Builds an AppApi object whose every method forwards to one `call`
// function (the transports differ only in how a call travels).

import { APP_METHODS, type AppApi, type AppMethod } from './api';

export function apiProxy(call: (method: AppMethod, args: unknown[]) => Promise<unknown>): AppApi {
  const api: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const m of APP_METHODS) {
    api[m] = (...args: unknown[]) => {
      // Optional trailing arguments left out rather than sent as null.
      while (args.length > 0 && args[args.length - 1] === undefined) args.pop();
      return call(m, args);
    };
  }
  return api as unknown as AppApi;
}
