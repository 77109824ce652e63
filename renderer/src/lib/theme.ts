/**
 * Light and dark follow the OS unless the theme setting says otherwise. The choice lands
 * on <html data-theme> and app.css does the rest; 'system' removes the attribute.
 */
import type { Settings } from '../../../preload/api';

export function applyTheme(theme: Settings['theme'], root: HTMLElement = document.documentElement): void {
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
}
