/**
 * The renderer's only door to the app: `window.pim`, put there by the Electron preload or
 * by the browser preview's bridge script. Nothing else in the renderer talks to main.
 */
import type { PimApi } from '../../../preload/api';

export function bridge(): PimApi | null {
  return (window as unknown as { pim?: PimApi }).pim ?? null;
}
