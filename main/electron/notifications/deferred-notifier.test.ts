import { describe, expect, it } from 'vitest';
import type { ActionListener, NotificationSpec, Notifier } from '../../core/notify/notifier';
import { deferredNotifier } from './deferred-notifier';

const spec = (id: string): NotificationSpec => ({ id, title: id, body: '', actions: [], reply: false, sticky: true });

/** The OS surface, recorded: what it was told in order, and a way to press a notification. */
function recordingSurface() {
  const told: string[] = [];
  const listeners = new Set<ActionListener>();
  const surface: Notifier & { told: string[]; press(id: string): void } = {
    capabilities: { actions: true, reply: false },
    told,
    show: (s) => (told.push(`show ${s.id}`), { id: s.id, shown: Promise.resolve(true) }),
    withdraw: (id) => void told.push(`withdraw ${id}`),
    onAction: (l) => (listeners.add(l), () => listeners.delete(l)),
    dispose: async () => void told.push('dispose'),
    press: (id) => listeners.forEach((l) => l(id, 'open')),
  };
  return surface;
}

describe('deferredNotifier', () => {
  it('hands what was shown and withdrawn before the surface was ready over in order, then forwards', async () => {
    let arrive: (n: Notifier) => void = () => undefined;
    const deferred = deferredNotifier(new Promise<Notifier>((resolve) => (arrive = resolve)));
    const got: string[] = [];
    deferred.onAction((id, action) => got.push(`${action}:${id}`));
    const first = deferred.show(spec('a'));
    deferred.show(spec('b'));
    deferred.withdraw('a');
    const surface = recordingSurface();
    arrive(surface);
    expect(await first.shown).toBe(true);
    expect(surface.told).toEqual(['show a', 'show b', 'withdraw a']);
    expect(deferred.capabilities).toEqual({ actions: true, reply: false });
    deferred.show(spec('c'));
    surface.press('c');
    expect(got).toEqual(['open:c']);
    await deferred.dispose();
    expect(surface.told).toEqual(['show a', 'show b', 'withdraw a', 'show c', 'dispose']);
  });

  it('shows nothing and says so when the surface never came', async () => {
    const deferred = deferredNotifier(Promise.reject(new Error('no surface')));
    expect(await deferred.show(spec('a')).shown).toBe(false);
    await deferred.dispose();
  });
});
