import { describe, expect, it } from 'vitest';
import { fitTags, fitWords } from './text-fit';

// Every character 1 unit wide: widths are lengths.
const byLength = (text: string) => [...text].length;

describe('fitting text into one line', () => {
  it('keeps whole words and marks what it left out', () => {
    expect(fitWords('Rotate the payment gateway signing key', 100, byLength)).toBe('Rotate the payment gateway signing key');
    expect(fitWords('Rotate the payment gateway signing key', 20, byLength)).toBe('Rotate the payment…');
    expect(fitWords('Rotate the payment gateway signing key', 19, byLength)).toBe('Rotate the payment…');
    expect(fitWords('Rotate the payment gateway signing key', 18, byLength)).toBe('Rotate the…');
    // Punctuation before the cut goes: "Deploy, …" reads as a stutter.
    expect(fitWords('Deploy, then verify it works', 12, byLength)).toBe('Deploy…');
    // Nothing is cut inside a word, even a first word wider than the line.
    expect(fitWords('Supercalifragilistic word', 8, byLength)).toBe('Supercalifragilistic…');
  });
  it('keeps whole tags and sums up the rest', () => {
    const tags = ['High privilege', 'Subscription-wide', 'Long duration'];
    // 14 + 17 + 13 letters, 2 padding each, 1 gap between.
    expect(fitTags(tags, 100, byLength, 2, 1)).toBe(3);
    // Two tags and "+1": 16 + 1 + 19 + 1 + 4 = 41.
    expect(fitTags(tags, 41, byLength, 2, 1)).toBe(2);
    expect(fitTags(tags, 40, byLength, 2, 1)).toBe(1);
    expect(fitTags(tags, 30, byLength, 2, 1)).toBe(1);
    expect(fitTags(tags, 5, byLength, 2, 1)).toBe(0);
    expect(fitTags([], 10, byLength, 2, 1)).toBe(0);
  });
});
