/**
 * createPoller: runs the approver-queue poll on a schedule and tells listeners what changed.
 * Owns when to poll (interval ± jitter, shorter while the user is at the machine, triggers,
 * back-off, Retry-After, pause) and the last known queue; one sequential loop, so two polls never overlap. Never makes a call
 * itself: every ARM call is inside the `poll` it is given (steady state: pollOnce's one
 * list call). Times come from the injected Clock.
 */
import type { Clock } from '../clock';
import { diffQueue, type QueueDiff } from '../queue/diff-queue';
import type { QueueItem } from '../queue/queue-item';
import { defaultPollSchedulePolicy, intervalDelayMs, pollRetryRule, unknownPresence, type PollSchedulePolicy, type PresenceInput } from './schedule';
import { backoffDelay } from '../net/backoff';

/** Why a poll ran; 'interval' and 'retry' come from the schedule, 'unlock' from setPresence, the rest from trigger(). */
export type PollReason = 'start' | 'interval' | 'retry' | 'resume' | 'reconnect' | 'window-open' | 'refresh' | 'unpause' | 'unlock';
export type TriggerReason = Exclude<PollReason, 'start' | 'interval' | 'retry' | 'unpause' | 'unlock'>;

/** What went wrong, as the ARM client reports it (ArmError fits). */
export interface PollFailure {
  kind: string;
  message: string;
  /** The HTTP status when the service answered with an error. */
  status?: number;
  retryAfterMs?: number;
}

/** ArmResult<QueueItem[]> fits; meta is not needed here. */
export type PollResult = { ok: true; value: QueueItem[] } | { ok: false; error: PollFailure };

export type PollEvent =
  | { ok: true; reason: PollReason; at: number; items: QueueItem[]; diff: QueueDiff; nextPollAt: number }
  | { ok: false; reason: PollReason; at: number; error: PollFailure; failures: number; nextPollAt: number };

export interface PollerOptions extends Partial<PollSchedulePolicy> {
  clock: Clock;
  /** One poll; must honour the signal (stop() and pause abort it). */
  poll: (signal: AbortSignal) => Promise<PollResult>;
  /** Source of jitter in [0, 1); tests pass a seeded one. */
  random?: () => number;
  /** Whether the user is at the machine at start; the normal interval when nobody says. */
  presence?: PresenceInput;
}

export interface PollerStatus {
  running: boolean;
  paused: string | null;
  polling: boolean;
  nextPollAt: number | null;
  /** Failures in a row; 0 after a success. */
  failures: number;
  lastSuccessAt: number | null;
  items: readonly QueueItem[];
  presence: PresenceInput;
}

export interface Poller {
  /** Starts the loop; the first poll runs at once. */
  start(): void;
  /**
   * Asks for a poll now (window opened, resume, reconnect, "Refresh now"). During a poll it
   * books one follow-up (never a second concurrent poll); however many triggers arrive, they
   * share it. Resolves with the event of the poll that served it, or null if the poller was
   * paused or stopped first. Never sooner than a Retry-After.
   */
  trigger(reason: TriggerReason): Promise<PollEvent | null>;
  /** A reason ("signed-out", "offline", "asleep") stops polling; null resumes with a poll at once. */
  setPaused(reason: string | null): void;
  /** Changes the interval while away (settings); takes effect from the next wait. */
  setIntervalMs(ms: number): void;
  /** Changes the interval while the user is at the machine (settings); takes effect from the next wait. */
  setActiveIntervalMs(ms: number): void;
  /**
   * The user came, went, locked or unlocked the machine, or the power source changed. A
   * quiet wait under way is re-timed from the last check with the interval that now applies
   * (overdue → a poll at once); unlocking asks for a poll at once. Back-off and Retry-After
   * are never shortened.
   */
  setPresence(input: PresenceInput): void;
  onPoll(listener: (event: PollEvent) => void): () => void;
  status(): PollerStatus;
  /** Cancels the loop and any poll under way; resolves when the loop has ended. */
  stop(): Promise<void>;
}

type Waiter = (event: PollEvent | null) => void;

export function createPoller(options: PollerOptions): Poller {
  const { clock, poll } = options;
  const random = options.random ?? Math.random;
  const policy: PollSchedulePolicy = { ...defaultPollSchedulePolicy, ...definedOnly(options) };
  const listeners = new Set<(event: PollEvent) => void>();

  let running = false;
  let stopped = false;
  let paused: string | null = null;
  let loopDone: Promise<void> = Promise.resolve();
  let current: AbortController | null = null;
  let dueAt: number | null = null; // next scheduled poll; null = at once
  let dueReason: PollReason = 'start';
  let notBefore = -Infinity; // Retry-After and min-gap floor
  let failures = 0;
  let lastSuccessAt: number | null = null;
  let items: QueueItem[] = [];
  let presence: PresenceInput = options.presence ?? unknownPresence;
  /** The jitter drawn for the current quiet wait, so a re-timed wait keeps its place in the spread. */
  let jitterDraw = 0.5;
  let booked: { reason: PollReason; waiters: Waiter[] } | null = null;
  let wake: (() => void) | null = null;

  function poke(): void {
    const w = wake;
    wake = null;
    w?.();
  }

  /** Waits until woken, or until `ms` of clock time passed when finite. */
  async function rest(ms: number): Promise<void> {
    const woke = new Promise<void>((resolve) => (wake = resolve));
    if (!Number.isFinite(ms)) return woke;
    const timer = new AbortController();
    try {
      await Promise.race([clock.sleep(ms, timer.signal).catch(() => undefined), woke]);
    } finally {
      timer.abort(); // drops the sleeper so a virtual clock holds no stale wake-ups
      wake = null;
    }
  }

  function emit(event: PollEvent): void {
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch {
        // A faulty listener must not stop polling for everyone else.
      }
    }
  }

  async function runOne(reason: PollReason, waiters: Waiter[]): Promise<void> {
    const controller = new AbortController();
    current = controller;
    const startedAt = clock.now();
    notBefore = Math.max(notBefore, startedAt + policy.minGapMs);
    let result: PollResult;
    try {
      result = await poll(controller.signal);
    } catch (err) {
      // The poll contract returns errors as values; a throw is a bug, but polling goes on.
      result = { ok: false, error: { kind: 'internal', message: err instanceof Error ? err.message : 'poll failed' } };
    } finally {
      current = null;
    }
    if (controller.signal.aborted) {
      // Paused or stopped mid-poll: the answer is stale and is dropped, not reported as a failure.
      for (const w of waiters) w(null);
      return;
    }
    const at = clock.now();
    let event: PollEvent;
    if (result.ok) {
      failures = 0;
      lastSuccessAt = at;
      const diff = diffQueue(items, result.value);
      items = result.value;
      jitterDraw = random();
      dueAt = at + intervalDelayMs(policy, () => jitterDraw, presence);
      dueReason = 'interval';
      event = { ok: true, reason, at, items, diff, nextPollAt: dueAt };
    } else {
      failures += 1;
      const retryAfter = result.error.retryAfterMs;
      if (retryAfter !== undefined) notBefore = Math.max(notBefore, at + Math.ceil(retryAfter));
      dueAt = at + backoffDelay(failures, pollRetryRule(policy), random(), retryAfter);
      dueReason = 'retry';
      event = { ok: false, reason, at, error: result.error, failures, nextPollAt: Math.max(dueAt, notBefore) };
    }
    for (const w of waiters) w(event);
    emit(event);
  }

  function book(reason: PollReason, waiters: Waiter[]): void {
    if (booked) booked.waiters.push(...waiters);
    else booked = { reason, waiters: [...waiters] };
  }

  async function loop(): Promise<void> {
    while (!stopped) {
      if (paused !== null) {
        await rest(Infinity);
        continue;
      }
      const now = clock.now();
      const target = Math.max(booked ? now : (dueAt ?? now), notBefore);
      if (target > now) {
        await rest(target - now);
        continue; // re-evaluate: a trigger, pause or stop may have come in
      }
      const job = booked ?? { reason: dueReason, waiters: [] };
      booked = null;
      await runOne(job.reason, job.waiters);
    }
  }

  return {
    start() {
      if (running || stopped) return;
      running = true;
      dueAt = null;
      dueReason = 'start';
      loopDone = loop();
    },
    trigger(reason) {
      if (stopped || paused !== null) return Promise.resolve(null);
      return new Promise<PollEvent | null>((resolve) => {
        book(reason, [resolve]);
        poke();
      });
    },
    setPaused(reason) {
      if (stopped || reason === paused) return;
      const wasPaused = paused !== null;
      paused = reason;
      if (reason !== null) {
        current?.abort(new Error(`poller paused: ${reason}`));
        if (booked) {
          const waiters = booked.waiters;
          booked = null;
          for (const w of waiters) w(null);
        }
      } else if (wasPaused) {
        // Back from sign-in, network or sleep: look at once (a Retry-After still holds).
        book('unpause', []);
      }
      poke();
    },
    setIntervalMs(ms) {
      if (Number.isFinite(ms) && ms > 0) policy.intervalMs = ms;
    },
    setActiveIntervalMs(ms) {
      if (Number.isFinite(ms) && ms > 0) policy.activeIntervalMs = ms;
    },
    setPresence(input) {
      const before = presence;
      presence = { presence: input.presence, powerSaver: input.powerSaver };
      if (stopped || !running) return;
      if (dueReason !== 'interval' || lastSuccessAt === null) return; // a back-off (and its Retry-After) wins
      if (before.presence === 'locked' && presence.presence === 'active') {
        // Back at the machine after a lock: look at once (min-gap still holds); a check
        // already under way serves, and its success times the next one by the short interval.
        if (paused === null && current === null) book('unlock', []);
      } else {
        dueAt = lastSuccessAt + intervalDelayMs(policy, () => jitterDraw, presence);
      }
      poke();
    },
    onPoll(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    status() {
      return {
        running: running && !stopped,
        paused,
        polling: current !== null,
        nextPollAt: paused !== null || !running || stopped ? null : Math.max(booked ? clock.now() : (dueAt ?? clock.now()), notBefore),
        failures,
        lastSuccessAt,
        items,
        presence,
      };
    },
    async stop() {
      if (stopped) return loopDone;
      stopped = true;
      current?.abort(new Error('poller stopped'));
      if (booked) {
        const waiters = booked.waiters;
        booked = null;
        for (const w of waiters) w(null);
      }
      poke();
      await loopDone;
      listeners.clear();
    },
  };
}

/** Keeps explicit `undefined` options from overwriting the defaults. */
function definedOnly(options: Partial<PollSchedulePolicy>): Partial<PollSchedulePolicy> {
  const out: Partial<PollSchedulePolicy> = {};
  for (const key of ['intervalMs', 'activeIntervalMs', 'jitter', 'backoffBaseMs', 'backoffMaxMs', 'minGapMs'] as const) {
    const value = options[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}
