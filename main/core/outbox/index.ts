/**
 * The outbox's public surface for the composition roots (app, CLI, preview): open it, share
 * its rate budget with the poller, probe ARM's reachability. Everything else in this
 * folder is an implementation detail.
 */
export { openOutbox, type Outbox } from './outbox';
export { createRateBudget, ARM_TENANT_LIMITS, type RateBudget } from './rate-budget';
export { armProbe, type Probe, type Reachability } from './online';
export { requestSummaryOf } from './request-summary';
export type { OutboxEntry, OutboxLogger } from './types';
