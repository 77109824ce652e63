/**
 * One decide call per distinct justification: each request keeps its own text (a template
 * filled from it), and requests sharing a text travel together. Pure; list order is kept.
 */
export interface OneDecision<T> {
  item: T;
  justification: string;
}

export function batchesByText<T>(decisions: readonly OneDecision<T>[]): Array<{ justification: string; items: T[] }> {
  const batches = new Map<string, T[]>();
  for (const d of decisions) {
    const items = batches.get(d.justification);
    if (items) items.push(d.item);
    else batches.set(d.justification, [d.item]);
  }
  return [...batches].map(([justification, items]) => ({ justification, items }));
}
