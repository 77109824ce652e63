/**
 * Gathers bursts of calls into a few: the first call runs at once, later ones within `ms`
 * run once at its end (so the last change is never lost). For outbox changes that arrive
 * many times a second during a drain, while the window needs only the latest state.
 * Real-time timers on purpose: it paces pushes to a screen, not logic on the Clock.
 */
export interface Coalesced {
  (): void;
  cancel(): void;
}

export function coalesce(run: () => void, ms: number): Coalesced {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending = false;
  const fire = () => {
    timer = null;
    if (!pending) return;
    pending = false;
    run();
    timer = setTimeout(fire, ms);
  };
  const call = (() => {
    if (timer !== null) {
      pending = true;
      return;
    }
    pending = true;
    fire();
  }) as Coalesced;
  call.cancel = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    pending = false;
  };
  return call;
}
