// Every keyboard and mouse shortcut, in one table: the `?` overlay lists it
// and the timeline's key handling follows it. "Mod" is Ctrl (Cmd on macOS).

export interface Shortcut {
  keys: string;
  action: string;
  group: 'Navigate' | 'Select' | 'Panels';
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: 'Wheel', action: 'Scroll lanes', group: 'Navigate' },
  { keys: 'Mod+Wheel / pinch', action: 'Zoom at the cursor', group: 'Navigate' },
  { keys: 'Drag', action: 'Pan', group: 'Navigate' },
  { keys: 'W / S', action: 'Zoom in / out', group: 'Navigate' },
  { keys: 'A / D, ← / →', action: 'Pan left / right', group: 'Navigate' },
  { keys: '0 / Home', action: 'Fit the whole trace', group: 'Navigate' },
  { keys: 'F', action: 'Fit the selection', group: 'Navigate' },
  { keys: 'Mod+Z', action: 'Undo navigation', group: 'Navigate' },
  { keys: 'Ctrl+Y / Cmd+Shift+Z', action: 'Redo navigation', group: 'Navigate' },
  { keys: 'Click', action: 'Select a span or event', group: 'Select' },
  { keys: 'Shift+Drag', action: 'Select a time range (statistics in the panel)', group: 'Select' },
  { keys: '. / ,', action: 'Next / previous span on the selected lane', group: 'Select' },
  { keys: 'Esc', action: 'Clear the selection, close overlays', group: 'Select' },
  { keys: 'Mod+K or /', action: 'Search (g42, function, region, task, log text)', group: 'Panels' },
  { keys: '?', action: 'Show these shortcuts', group: 'Panels' },
  { keys: 'Mod+O', action: 'Open a trace', group: 'Panels' },
];
