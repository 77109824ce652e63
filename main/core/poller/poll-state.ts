/**
 * What one poll means for the AppState: the queue and "checked at" after a success; the
 * connection and a sentence a person can act on after a failure (the last known queue
 * stays). Pure; AppCore applies the patch.
 */
import type { AppState } from '../../../preload/api';
import type { PollEvent } from './poller';

export type PollStatePatch = Partial<Pick<AppState, 'queue' | 'connection' | 'problem' | 'lastCheckedAt'>>;

export function statePatchFromPoll(event: PollEvent): PollStatePatch {
  if (event.ok) return { queue: event.items, connection: 'online', problem: null, lastCheckedAt: new Date(event.at).toISOString() };
  const { kind, message } = event.error;
  switch (kind) {
    case 'unauthorized':
      return { connection: 'signed-out', problem: 'Azure no longer accepts the sign-in. Sign in again to keep checking for requests.' };
    case 'network':
    case 'timeout':
      return { connection: 'offline', problem: `Cannot reach Azure (${message}). Requests are checked again when the network is back.` };
    case 'throttled':
      // Transient and handled (Retry-After is honoured): not an error glyph, but said in words.
      return { problem: 'Azure asked us to slow down; the next check waits as long as it asked.' };
    default:
      return { connection: 'error', problem: message };
  }
}
