/**
 * The renderer's view of the bridge: `window.pim`, exposed by preload/index.ts. The
 * renderer includes this file for the type only; it never imports the preload.
 */
import type { PimApi } from './api';

declare global {
  interface Window {
    pim: PimApi;
  }
}

export {};
