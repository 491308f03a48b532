// The sandboxed preload: the page's only door to the main process. A
// sandboxed preload may require nothing but 'electron', so this file is a
// script with no imports at runtime (types only); the channel names repeat
// shared/ipc/bridge.ts's (test/app/electron-static.test.ts checks they agree).

{
  const { contextBridge, ipcRenderer, webUtils } = require('electron') as typeof import('electron');
  type Bridge = import('../../shared/ipc/bridge').GotraceBridge;
  type AppEvent = import('../../shared/ipc/api').AppEvent;

  const CALL = 'gotrace:call';
  const EVENT = 'gotrace:event';

  const bridge: Bridge = {
    apiVersion: 1,
    call: (method, args) => ipcRenderer.invoke(CALL, method, args),
    onEvent(cb) {
      const listener = (_e: unknown, ev: AppEvent) => cb(ev);
      ipcRenderer.on(EVENT, listener);
      return () => {
        ipcRenderer.removeListener(EVENT, listener);
      };
    },
    pathForFile(file) {
      try {
        return webUtils.getPathForFile(file as Parameters<typeof webUtils.getPathForFile>[0]);
      } catch {
        return '';
      }
    },
  };
  contextBridge.exposeInMainWorld('gotrace', bridge);
}
