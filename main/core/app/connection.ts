/**
 * The one answer to "are we online?" that the header, the tray and the outcome messages
 * share. The OS saying offline, or the reachability probe failing (no route, a proxy asking
 * for credentials, a captive portal), means Offline whatever the last poll said; otherwise
 * the last poll's verdict stands. Pure.
 */
import type { AppState } from '../model/state';
import type { Reachability } from '../outbox';
import type { PollStatePatch } from '../poller/poll-state';

export interface ConnectionInputs {
  /** The OS said the network is gone (Electron's net.isOnline, the preview's control). */
  osOffline: boolean;
  /** The probe's last answer. */
  reach: Reachability;
  /** What the last poll said (connection and problem), or null before the first poll. */
  poll: PollStatePatch | null;
}

export const OFFLINE_WAIT = 'decisions wait and are sent when you are back.';

const REACH_WORDS: Record<Exclude<Reachability, 'online'>, string> = {
  offline: `Azure cannot be reached from this network: ${OFFLINE_WAIT}`,
  'proxy-auth': `A proxy asks for credentials before Azure can be reached: sign in to it in your browser; ${OFFLINE_WAIT}`,
  'captive-portal': `This network shows a sign-in page first (hotel or airport Wi-Fi): sign in to it in your browser; ${OFFLINE_WAIT}`,
};

export function connectionOf(inputs: ConnectionInputs): Pick<AppState, 'connection' | 'problem'> {
  if (inputs.osOffline) return { connection: 'offline', problem: `The network is off: ${OFFLINE_WAIT}` };
  if (inputs.reach !== 'online') return { connection: 'offline', problem: REACH_WORDS[inputs.reach] };
  if (!inputs.poll) return { connection: 'starting', problem: null };
  return { connection: inputs.poll.connection ?? 'online', problem: inputs.poll.problem ?? null };
}
