/**
 * Follows `nextLink` pages (ARM's, or Graph's `@odata.nextLink`). Owns the origin rule: a
 * link is followed only when its origin equals the configured service origin, otherwise
 * nothing is sent and the result is 'foreign-link' (the bearer token must never reach
 * another host). Bounds the page count.
 */
import type { ArmResult } from './types';
import type { Send } from './http';
import type { Parsed } from './parse-result';

/** How a service's list pages look: ARM's `nextLink`, Graph's `@odata.nextLink`. */
export interface PageFormat {
  service: string;
  parsePage: (json: unknown) => Parsed<{ items: unknown[]; nextLink: string | null }>;
}

export async function listAllPages<T>(
  send: Send,
  origin: string,
  firstUrl: string,
  parseItem: (json: unknown) => Parsed<T>,
  maxPages: number,
  signal: AbortSignal | undefined,
  format: PageFormat,
): Promise<ArmResult<T[]>> {
  const items: T[] = [];
  let url = firstUrl;
  for (let page = 1; ; page++) {
    const reply = await send({ method: 'GET', url, ...(signal ? { signal } : {}) });
    if (!reply.ok) return reply;
    const parsed = format.parsePage(reply.value.json);
    if (!parsed.ok) return { ok: false, error: { ...parsed.error, meta: reply.meta } };
    for (const raw of parsed.value.items) {
      const item = parseItem(raw);
      if (!item.ok) return { ok: false, error: { ...item.error, meta: reply.meta } };
      items.push(item.value);
    }
    const next = parsed.value.nextLink;
    if (next === null || next === '') return { ok: true, value: items, meta: reply.meta };
    if (!sameOrigin(next, origin)) {
      return { ok: false, error: { kind: 'foreign-link', message: `${format.service} sent a next-page link to another host; not followed.`, meta: reply.meta } };
    }
    if (page >= maxPages) {
      return { ok: false, error: { kind: 'too-large', message: `${format.service} returned more than ${maxPages} pages; stopped to stay bounded.`, meta: reply.meta } };
    }
    url = next;
  }
}

function sameOrigin(link: string, origin: string): boolean {
  try {
    return new URL(link).origin === origin;
  } catch {
    return false;
  }
}
