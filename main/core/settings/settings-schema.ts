/**
 * The settings file's schema: the model's Settings (main/core/model/state.ts), which the core
 * owns and the IPC contract carries. One schema for the file and the wire, so they cannot
 * drift; `managed` is never written to the file (the store adds it on the way out from the
 * machine policy, managed-policy.ts) and a file that holds it is read like any other.
 */
import { Settings } from '../model/state';

export const SettingsSchema = Settings;
export type { Settings };
