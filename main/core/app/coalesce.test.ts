import { describe, expect, it } from 'vitest';
import { coalesce } from './coalesce';

describe('coalesce', () => {
  it('runs the first call at once and folds a burst into one more run with the latest state', async () => {
    const runs: number[] = [];
    let value = 0;
    const call = coalesce(() => runs.push(value), 30);
    value = 1;
    call();
    expect(runs).toEqual([1]);
    for (value = 2; value <= 5; value++) call();
    value = 5;
    await new Promise<void>((resolve) => {
      const check = () => (runs.length === 2 ? resolve() : setTimeout(check, 5));
      check();
    });
    expect(runs).toEqual([1, 5]);
    call.cancel();
  });
});
