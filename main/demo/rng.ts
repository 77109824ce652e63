/**
 * Deterministic randomness: a seeded PRNG and GUIDs drawn from it, so the same seed gives
 * the same tenant (ids, generated requests) and the same fault sequence. Not for secrets.
 */

import { seededRng, type Rng } from '../core/random';

export { seededRng, type Rng };

/** A version-4-shaped GUID from the given PRNG. */
export function guidFrom(rng: Rng): string {
  const hex: string[] = [];
  for (let i = 0; i < 32; i++) hex.push(Math.floor(rng() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** Stable GUID-shaped id from a string, so an unknown role name always maps to the same id. */
export function guidFromText(text: string): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return guidFrom(seededRng(h));
}
