/**
 * The latest AppState main pushed, readable by any component without passing it down: the
 * outcome messages follow their outbox entries through it. App.svelte is its only writer.
 * Raw state: main sends immutable snapshots, and deep proxies over a 1,000-item queue
 * would only cost time.
 */
import type { AppState, OutboxEntryDto } from '../../../preload/api';

let current = $state.raw<AppState | null>(null);

export const liveState = {
  get value(): AppState | null {
    return current;
  },
  set(next: AppState | null): void {
    current = next;
  },
  /** The outbox entry with this id as last pushed, if it is among the recent ones. */
  entry(id: string): OutboxEntryDto | undefined {
    return current?.decisions?.find((e) => e.id === id);
  },
  /** False while the window says Offline. */
  get online(): boolean {
    return current?.connection !== 'offline';
  },
};
