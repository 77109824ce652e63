/**
 * The settings file's schema, owned by the core: it decides what a file on disk may hold.
 * The IPC contract (preload/api.ts `Settings`) describes the same object on the wire and is
 * checked against this one at compile time below, so the two cannot drift apart unseen.
 */
import { z } from 'zod';
import type { Settings as WireSettings } from '../model/state';

const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM');

export const SettingsSchema = z.object({
  /** How often to check while the user is away, locked or on battery ("while I'm away"). */
  pollIntervalSeconds: z.number().int().min(15).max(3600),
  /** How often to check while the user is at the machine ("while I'm here"). */
  activePollIntervalSeconds: z.number().int().min(15).max(3600),
  notifications: z.boolean(),
  quietHours: z.object({ enabled: z.boolean(), start: ClockTime, end: ClockTime }),
  /** Decide without the dialog, using `defaultJustification`, when one is set. */
  oneClickDecisions: z.boolean(),
  defaultJustification: z.string().max(2000),
  /** macOS: Touch ID before a High-privilege approval. Absent (older files) means off. */
  touchIdForHighPrivilege: z.boolean().optional(),
  /** Working hours for the "Outside working hours" cue (days 0 = Sunday … 6). Absent: Mon–Fri 08:00–18:00. */
  workingHours: z.object({ days: z.array(z.number().int().min(0).max(6)).max(7), start: ClockTime, end: ClockTime }).optional(),
  /** Group names that mean High privilege, beside role-assignable groups. Absent: none. */
  highPrivilegeGroups: z.array(z.string().trim().min(1).max(256)).max(200).optional(),
  /** One notification at an hour left for a request I can decide. Absent: on. */
  expiryReminder: z.boolean().optional(),
  startAtLogin: z.boolean(),
  theme: z.enum(['system', 'light', 'dark']),
  account: z.object({ tenant: z.string().max(200), cloud: z.enum(['public', 'usgov', 'china']), clientId: z.string().max(100) }),
  /** Never in the file: the keys the machine policy sets, added by the store on the way out (managed-policy.ts). */
  managed: z.array(z.string().max(100)).max(50).optional(),
  /** The CLI's account when several are remembered (an account id or name). Absent: the only one. */
  defaultAccount: z.string().max(300).optional(),
});
export type Settings = z.infer<typeof SettingsSchema>;

// The file's settings go out over IPC and a patch from the window comes back in.
const _toWire: (s: Settings) => WireSettings = (s) => s;
const _fromWire: (s: WireSettings) => Settings = (s) => s;
void _toWire;
void _fromWire;
