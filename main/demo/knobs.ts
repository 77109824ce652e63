/**
 * The simulator's tunable behaviour (latency, faults, throttling, tenant quirks) and its
 * defaults. Owns no state; the running server reads the current knobs on every call.
 */

export interface Knobs {
  /** Added to every ARM and Graph response (real timer). */
  latencyMs: number;
  /** 0..1 fraction of ARM and Graph calls that fail: 500, 503, dropped connection or hang. */
  errorRate: number;
  /** Per-tenant token bucket for reads (GET). */
  readBucket: { burst: number; perSecond: number };
  /** Per-tenant token bucket for writes; exhausted → 429 + Retry-After. */
  writeBucket: { burst: number; perSecond: number };
  /** What a successful PUT/PATCH of a stage returns: 204 without body is what real callers see. */
  patchAnswers: 200 | 204;
  /** Tenant accepts only the flat {reviewResult, justification} body with PATCH. */
  flatBodyOnly: boolean;
  /** Status for deciding a stage that is already completed. */
  lateDecisionStatus: 409 | 400;
  /** Writes need a token carrying the MFA claim, else a 401 claims challenge. */
  requireClaimsOnWrite: boolean;
  /** Items per list page (ARM and Graph); further pages through an absolute nextLink with $skipToken ($skiptoken on Graph). */
  pageSize: number;
  /** Graph's own token bucket, for reads and writes together; exhausted → 429 + Retry-After. */
  graphBucket: { burst: number; perSecond: number };
  /** Whether the tenant consented to each Graph kind's delegated permission; false → every Graph
   * call of that kind answers 403 PermissionScopeNotGranted (the other kind and ARM are unaffected). */
  graphConsent: { entraRole: boolean; group: boolean };
  /** Origin that list nextLinks (ARM `nextLink`, Graph `@odata.nextLink`) point at; null is the
   * listener's own. Another origin plays a hostile or broken service whose links a client must refuse. */
  nextLinkOrigin: string | null;
}

/** A knob update: any knob, and any part of the object-valued ones. */
export type KnobPatch = {
  [K in keyof Knobs]?: Knobs[K] extends object ? Partial<Knobs[K]> : Knobs[K];
};

export const DEFAULT_KNOBS: Knobs = {
  latencyMs: 0,
  errorRate: 0,
  readBucket: { burst: 250, perSecond: 25 },
  writeBucket: { burst: 200, perSecond: 10 },
  patchAnswers: 204,
  flatBodyOnly: false,
  lateDecisionStatus: 409,
  requireClaimsOnWrite: false,
  pageSize: 1000,
  graphBucket: { burst: 250, perSecond: 25 },
  graphConsent: { entraRole: true, group: true },
  nextLinkOrigin: null,
};

/** Merges a partial update, checking ranges so a typo in a test fails loudly instead of silently. */
export function mergeKnobs(base: Knobs, patch: KnobPatch): Knobs {
  const next: Knobs = {
    ...base,
    ...patch,
    readBucket: { ...base.readBucket, ...(patch.readBucket ?? {}) },
    writeBucket: { ...base.writeBucket, ...(patch.writeBucket ?? {}) },
    graphBucket: { ...base.graphBucket, ...(patch.graphBucket ?? {}) },
    graphConsent: { ...base.graphConsent, ...(patch.graphConsent ?? {}) },
    nextLinkOrigin: patch.nextLinkOrigin === undefined ? base.nextLinkOrigin : patch.nextLinkOrigin,
  };
  if (!(next.latencyMs >= 0)) throw new Error(`latencyMs must be >= 0, got ${next.latencyMs}`);
  if (!(next.errorRate >= 0 && next.errorRate <= 1)) throw new Error(`errorRate must be within 0..1, got ${next.errorRate}`);
  if (!(Number.isInteger(next.pageSize) && next.pageSize >= 1)) throw new Error(`pageSize must be a positive integer, got ${next.pageSize}`);
  if (next.patchAnswers !== 200 && next.patchAnswers !== 204) throw new Error('patchAnswers must be 200 or 204');
  if (next.lateDecisionStatus !== 409 && next.lateDecisionStatus !== 400) throw new Error('lateDecisionStatus must be 409 or 400');
  for (const b of [next.readBucket, next.writeBucket, next.graphBucket]) {
    if (!(b.burst >= 1 && b.perSecond >= 0)) throw new Error('bucket burst must be >= 1 and perSecond >= 0');
  }
  if (typeof next.graphConsent.entraRole !== 'boolean' || typeof next.graphConsent.group !== 'boolean') throw new Error('graphConsent.entraRole and .group must be booleans');
  if (next.nextLinkOrigin !== null && !isOrigin(next.nextLinkOrigin)) throw new Error(`nextLinkOrigin must be null or an http(s) origin like https://evil.example, got '${next.nextLinkOrigin}'`);
  return next;
}

function isOrigin(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === text;
  } catch {
    return false;
  }
}
