// Settings overlay: the "open in editor" URL template (client.setSettings).

import { errorMessage, h } from './dom';
import { DEFAULT_EDITOR_URL, editorUrl } from './format';
import type { PanelContext } from './context';
import { dialog, type Overlay, type OverlayManager } from './overlay';

const PRESETS: [string, string][] = [
  ['VS Code', 'vscode://file/{file}:{line}'],
  ['VS Code Insiders', 'vscode-insiders://file/{file}:{line}'],
  ['Cursor', 'cursor://file/{file}:{line}'],
  ['GoLand', 'goland://open?file={file}&line={line}'],
  ['Sublime Text', 'subl://open?url=file://{file}&line={line}'],
];

export function settingsOverlay(ctx: PanelContext, overlays: OverlayManager, onSaved: () => void): Overlay {
  const ov: Overlay = { el: null as unknown as HTMLElement };
  const d = dialog('Settings', 'gp-settings', () => overlays.close(ov));
  ov.el = d.el;
  ov.el.setAttribute('data-testid', 'settings');
  const input = h('input', { id: 'gp-editor-url', type: 'text', size: 44, spellcheck: 'false', autocomplete: 'off', 'aria-describedby': 'gp-editor-url-help' });
  const preview = h('code', { class: 'gp-preview' });
  const status = h('p', { class: 'gp-field-error', 'aria-live': 'polite' });
  const update = () => (preview.textContent = editorUrl(input.value, '/home/me/src/app/main.go', 42));
  input.addEventListener('input', update);
  const presets = h('div', { class: 'gp-presets' });
  for (const [name, url] of PRESETS) {
    presets.append(h('button', { type: 'button', class: 'gp-btn gp-btn-small', onclick: () => ((input.value = url), update(), input.focus()) }, name));
  }
  const form = h(
    'form',
    { class: 'gp-settings-form' },
    h('label', { for: 'gp-editor-url' }, '“Open in editor” URL'),
    input,
    h('p', { id: 'gp-editor-url-help', class: 'gp-hint' }, '{file} and {line} are replaced by the frame’s file and line.'),
    presets,
    h('p', { class: 'gp-hint' }, 'Example: ', preview),
    status,
    h('div', { class: 'gp-dialog-buttons' }, h('button', { type: 'button', class: 'gp-btn', onclick: () => overlays.close(ov) }, 'Cancel'), h('button', { type: 'submit', class: 'gp-btn gp-btn-primary' }, 'Save')),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const v = input.value.trim() || DEFAULT_EDITOR_URL;
    if (!v.includes('{file}')) {
      status.textContent = 'The URL needs {file}.';
      return;
    }
    try {
      ctx.settings = await ctx.client.setSettings({ editorUrl: v });
      status.textContent = '';
      onSaved();
      overlays.close(ov);
    } catch (err) {
      status.textContent = `Could not save: ${errorMessage(err)}`;
    }
  });
  d.body.append(form);
  ov.onOpen = () => {
    input.value = ctx.settings.editorUrl || DEFAULT_EDITOR_URL;
    status.textContent = '';
    update();
    input.focus();
    input.select();
  };
  return ov;
}
