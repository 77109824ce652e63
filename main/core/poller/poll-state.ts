/**
 * What one poll means for the AppState: the queue and "checked at" after a success; after a
 * failure, the connection and a sentence that says what failed and what to do, while the last
 * known queue stays (the window marks it "may be out of date", never drops it). Pure;
 * AppCore applies the patch and may still turn a network failure into "Offline" or "error"
 * once the reachability probe has answered.
 */
import type { AppState } from '../model/state';
import type { PollEvent, PollFailure } from './poller';

export type PollStatePatch = Partial<Pick<AppState, 'queue' | 'connection' | 'problem' | 'lastCheckedAt'>>;

/** What to do after a failed check, when nothing but waiting (or Retry) helps. */
const AGAIN = 'It is checked again automatically; Retry checks now.';

export function statePatchFromPoll(event: PollEvent): PollStatePatch {
  if (event.ok) return { queue: event.items, connection: 'online', problem: null, lastCheckedAt: new Date(event.at).toISOString() };
  return failurePatch(event.error);
}

export function failurePatch(error: PollFailure): PollStatePatch {
  const { kind } = error;
  const message = error.message.trim();
  switch (kind) {
    case 'unauthorized':
      return { connection: 'signed-out', problem: 'Azure no longer accepts the sign-in. Sign in again to keep checking for requests.' };
    case 'network':
    case 'timeout':
      return { connection: 'offline', problem: `Could not check for requests: ${sentence(message || 'Azure could not be reached')} Decisions wait and are sent when Azure answers again.` };
    case 'throttled':
      // Transient and handled (Retry-After is honoured): not an error glyph, but said in words.
      return { problem: 'Azure asked us to slow down; the next check waits as long as it asked.' };
    case 'http':
      return { connection: 'error', problem: httpProblem(error.status, message) };
    default:
      return { connection: 'error', problem: `Could not check for requests: ${sentence(message || 'the answer could not be read')} ${AGAIN}` };
  }
}

function httpProblem(status: number | undefined, message: string): string {
  const said = message ? ` (${message.replace(/[.\s]+$/, '')})` : '';
  if (status === 403) return `Could not check for requests: Azure refused the list (403)${said}. You may no longer be an approver; check your role assignments in the Azure portal.`;
  if (status !== undefined && status >= 500) return `Could not check for requests: Azure answered ${status}${said}. ${AGAIN}`;
  return `Could not check for requests: Azure answered ${status ?? 'with an error'}${said}. ${AGAIN}`;
}

/** Ends a message with one full stop, whatever it came with. */
function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
