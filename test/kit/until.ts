/**
 * Waits for a positive signal: polls `probe` until it returns something other than
 * `undefined` and returns that, or fails after `ms`. Tests use it instead of a fixed sleep.
 */
export async function until<T>(probe: () => Promise<T | undefined> | T | undefined, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}
