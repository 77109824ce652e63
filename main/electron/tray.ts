/**
 * Owns the tray icon on screen: renders the pure tray model of main/core/tray (glyph,
 * tooltip, badge, menu) with Electron's Tray and Menu, and hands each menu command back to
 * the composition root. Decides nothing: what to show comes from core/tray, what a command
 * does is main/index.ts's call. Icon files come from build/icons/tray (copied to out/icons).
 */
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import path from 'node:path';
import type { AppState } from '../core/model/state';
import { escapeMenuLabel, trayMenuModel, type TrayCommand, type TrayMenuEntry, type TrayPrefs } from '../core/tray/tray-menu';
import { trayBadge, trayIconState, trayTooltip, type TrayIconState } from '../core/tray/tray-state';

/** macOS gets monochrome template images; Windows 16 px; Linux 32 px (panels scale down). */
export function trayIconFile(iconDir: string, state: TrayIconState, platform: NodeJS.Platform): string {
  if (platform === 'darwin') return path.join(iconDir, `tray-${state}Template.png`);
  return path.join(iconDir, `tray-${state}-${platform === 'win32' ? 16 : 32}.png`);
}

/** The model as Electron menu items; every click goes to `run` with the entry's command. */
export function toMenuTemplate(entries: readonly TrayMenuEntry[], run: (command: TrayCommand) => void): MenuItemConstructorOptions[] {
  return entries.map((entry): MenuItemConstructorOptions => {
    switch (entry.type) {
      case 'label':
        return { label: escapeMenuLabel(entry.label), enabled: false };
      case 'separator':
        return { type: 'separator' };
      case 'command':
        return { label: escapeMenuLabel(entry.label), enabled: entry.enabled, click: () => run(entry.command) };
      case 'checkbox':
        return { label: escapeMenuLabel(entry.label), type: 'checkbox', checked: entry.checked, click: () => run(entry.command) };
      case 'submenu':
        return { label: escapeMenuLabel(entry.label), submenu: toMenuTemplate(entry.entries, run) };
    }
  });
}

/** Everything the tray shows is a function of these. */
export interface TrayInputs {
  state: AppState;
  prefs: TrayPrefs;
  now: number;
}

export interface AppTray {
  update(inputs: TrayInputs): void;
  /** What the tray shows now: icon state, tooltip, menu labels (diagnostics and E2E tests). */
  shown(): { icon: TrayIconState | null; tooltip: string; labels: string[] };
  destroy(): void;
}

export function createTray(iconDir: string, initial: TrayInputs, run: (command: TrayCommand) => void): AppTray {
  const image = (state: TrayIconState) => nativeImage.createFromPath(trayIconFile(iconDir, state, process.platform));
  const tray = new Tray(image(trayIconState(initial.state)));
  let shownIcon: TrayIconState | null = null;
  let shownTooltip = '';
  let shownLabels: string[] = [];
  // Windows and most Linux panels: a left click opens the window (the menu is on right click).
  tray.on('click', () => run({ kind: 'open', itemId: null }));

  function update({ state, prefs, now }: TrayInputs): void {
    const icon = trayIconState(state);
    if (icon !== shownIcon) {
      tray.setImage(image(icon));
      shownIcon = icon;
    }
    shownTooltip = trayTooltip(state, now, prefs.timeZone);
    tray.setToolTip(shownTooltip);
    if (process.platform === 'darwin') tray.setTitle(trayBadge(state));
    const model = trayMenuModel(state, prefs, now);
    shownLabels = model.map((e) => ('label' in e ? e.label : '---'));
    tray.setContextMenu(Menu.buildFromTemplate(toMenuTemplate(model, run)));
  }
  update(initial);
  return { update, shown: () => ({ icon: shownIcon, tooltip: shownTooltip, labels: shownLabels }), destroy: () => tray.destroy() };
}
