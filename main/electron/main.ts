// The Electron main process: one locked-down window showing the built
// renderer over a custom gotrace:// protocol (so it gets a real origin and
// CSP header), the AppService behind one validated IPC channel, the native
// menu, and remembered window geometry. Run only under Electron; plain
// Node code must never require('electron').

import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, screen, session, shell } from 'electron';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AppEvent } from '../../shared/ipc/api';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type CallReply } from '../../shared/ipc/bridge';
import { dispatchCall, errorMessage } from '../app/dispatch';
import { AppService } from '../app/service';
import { contentSecurityPolicy, contentType, defaultRendererDir, resolveStatic } from '../server/static-files';
import { menuTemplate } from './menu';
import { loadWindowState, trackWindowState } from './window-state';

const SCHEME = 'gotrace';
const ORIGIN = `${SCHEME}://app`;
const isDev = !app.isPackaged;
const isMac = process.platform === 'darwin';

protocol.registerSchemesAsPrivileged([{ scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

let win: BrowserWindow | null = null;
const service = new AppService({
  configDir: app.getPath('userData'),
  openDialog: async () => {
    const opts: Electron.OpenDialogOptions = {
      title: 'Open a Go execution trace',
      properties: ['openFile'],
      filters: [
        { name: 'Go execution traces', extensions: ['trace', 'out', 'gz', 'bin'] },
        { name: 'All files', extensions: ['*'] },
      ],
    };
    const r = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
    return r.canceled || r.filePaths.length === 0 ? null : r.filePaths[0]!;
  },
  saveDialog: async (defaultName) => {
    const opts: Electron.SaveDialogOptions = {
      title: 'Export the profile (gzipped profile.proto, for go tool pprof)',
      defaultPath: defaultName,
      filters: [
        { name: 'pprof profiles', extensions: ['gz', 'pb.gz'] },
        { name: 'All files', extensions: ['*'] },
      ],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    };
    const r = win ? await dialog.showSaveDialog(win, opts) : await dialog.showSaveDialog(opts);
    return r.canceled || r.filePath === undefined || r.filePath === '' ? null : r.filePath;
  },
});

/** The trace or capture URL given on the command line (dev: electron main.js ARG; packaged: app ARG). */
function argTarget(argv: string[]): string | undefined {
  const args = argv.slice(app.isPackaged ? 1 : 2).filter((a) => !a.startsWith('-'));
  return args[0];
}

function openTarget(target: string): void {
  const run = /^https?:\/\//i.test(target)
    ? service.capture(target, Number(new URL(target).searchParams.get('seconds') ?? 5) || 5)
    : service.open(target);
  // Failures reach the page as a load-failed event.
  run.catch(() => {});
}

function sendEvent(e: AppEvent): void {
  if (win && !win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, e);
  if (e.type === 'opened') void refreshMenu();
}

async function refreshMenu(): Promise<void> {
  const recent = await service.recent();
  const template = menuTemplate({
    isMac,
    isDev,
    recent,
    open: () => void service.openDialog().catch(() => {}),
    openRecent: (f) => void service.open(f).catch(() => {}),
    openDemo: () => void service.openDemo().catch((e: unknown) => sendEvent({ type: 'load-failed', message: errorMessage(e), cancelled: false })),
    command: (name) => sendEvent({ type: 'menu', command: name }),
    about: () =>
      void dialog.showMessageBox({
        type: 'info',
        title: 'About gotrace',
        message: `gotrace ${app.getVersion()}`,
        detail: `A viewer for Go runtime execution traces (Go 1.11 to 1.27).\nElectron ${process.versions.electron}, Chrome ${process.versions.chrome}, Node ${process.versions.node}`,
      }),
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

/** Editor links ("Open in editor") may leave the app, but only with the scheme of the configured editor URL. */
async function openExternalIfEditor(url: string): Promise<void> {
  let scheme: string;
  try {
    scheme = new URL(url).protocol;
    const editorScheme = new URL((await service.settings()).editorUrl.replace(/\{(file|line)\}/g, 'x')).protocol;
    if (scheme !== editorScheme || ['file:', 'javascript:', 'data:', 'smb:', 'gotrace:', 'about:', 'blob:'].includes(scheme)) return;
  } catch {
    return;
  }
  await shell.openExternal(url);
}

function serveRenderer(): void {
  const root = defaultRendererDir();
  const csp = contentSecurityPolicy([]);
  protocol.handle(SCHEME, (req) => {
    const u = new URL(req.url);
    const file = u.host === 'app' ? resolveStatic(root, u.pathname.slice(1)) : null;
    const headers = { 'content-security-policy': csp, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' };
    if (file === null) return new Response('not found', { status: 404, headers: { ...headers, 'content-type': 'text/plain' } });
    return new Response(fs.readFileSync(file), { status: 200, headers: { ...headers, 'content-type': contentType(file) } });
  });
}

function createWindow(): void {
  const dir = app.getPath('userData');
  const state = loadWindowState(dir, screen.getAllDisplays().map((d) => d.workArea));
  win = new BrowserWindow({
    width: state.width,
    height: state.height,
    x: state.x,
    y: state.y,
    minWidth: 640,
    minHeight: 400,
    show: false,
    title: 'gotrace',
    backgroundColor: '#1e1e1e',
    webPreferences: {
      preload: path.join(__dirname, 'preload.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: isDev,
    },
  });
  if (state.maximized) win.maximize();
  trackWindowState(win, dir);
  win.once('ready-to-show', () => win?.show());
  win.on('closed', () => {
    win = null;
  });
  void win.loadURL(`${ORIGIN}/index.html`);
}

/** Calls must come from our own page (its main frame or a frame of its origin), never from anything it navigated to. */
function trustedSender(frameUrl: string | undefined): boolean {
  if (frameUrl === undefined) return false;
  try {
    return new URL(frameUrl).origin === ORIGIN;
  } catch {
    return false;
  }
}

app.on('web-contents-created', (_e, contents) => {
  // The page never navigates; a link to the configured editor (vscode://…) opens outside instead.
  contents.on('will-navigate', (e) => {
    e.preventDefault();
    void openExternalIfEditor(e.url);
  });
  contents.on('will-redirect', (e) => e.preventDefault());
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    void openExternalIfEditor(url);
    return { action: 'deny' };
  });
});

// Electron opens files handed over by the OS (macOS "Open With", dock drops) through this event.
const pendingOpens: string[] = [];
app.on('open-file', (e, file) => {
  e.preventDefault();
  if (app.isReady()) openTarget(file);
  else pendingOpens.push(file);
});

void app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  serveRenderer();

  ipcMain.handle(IPC_CALL_CHANNEL, async (event, method: unknown, args: unknown): Promise<CallReply> => {
    if (!trustedSender(event.senderFrame?.url) || win === null || event.sender !== win.webContents) {
      return { ok: false, message: 'refused: the call did not come from the gotrace page' };
    }
    try {
      const value = await dispatchCall(service, method, args);
      return { ok: true, value: value === undefined ? null : value };
    } catch (e) {
      return { ok: false, message: errorMessage(e) };
    }
  });
  service.onEvent(sendEvent);
  void refreshMenu();
  createWindow();

  const target = argTarget(process.argv);
  const first = pendingOpens.shift() ?? target;
  if (first !== undefined) win!.webContents.once('did-finish-load', () => openTarget(first));

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  service.dispose();
  app.quit();
});
