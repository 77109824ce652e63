/**
 * The last answer of the ARM reachability probe, shared: the outbox asks the probe before a
 * drain and after network errors; the app asks it after a failed poll. Whoever asked, the
 * header and tray hear the answer ("Offline" when Azure cannot be reached, a proxy wants
 * credentials, or a captive portal answers). Owns no timer; sends no token.
 */
import type { Probe, Reachability } from '../outbox';

export interface ReachabilityWatch {
  /** The probe to hand out; every answer is remembered and reported on change. */
  probe: Probe;
  last(): Reachability;
  /** Something else proved Azure reachable (a poll answered): no probe needed. */
  reached(): void;
  onChange(listener: (reach: Reachability) => void): () => void;
}

export function reachabilityWatch(probe: Probe, initial: Reachability = 'online'): ReachabilityWatch {
  let last = initial;
  const listeners = new Set<(reach: Reachability) => void>();
  const record = (reach: Reachability) => {
    if (reach === last) return;
    last = reach;
    for (const listener of [...listeners]) listener(reach);
  };
  return {
    probe: async (signal) => {
      const reach = await probe(signal);
      // An answer cut short by our own abort (stop, pause) says nothing about the network.
      if (!signal?.aborted) record(reach);
      return reach;
    },
    last: () => last,
    reached: () => record('online'),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
