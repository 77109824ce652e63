/**
 * Plays the contention soak's chaos schedule on live processes: SIGSTOP (SIGCONT after the
 * hold) and SIGKILL, at the planned moment or — for a mid-send strike — at the target's next
 * read of a stage it has not written, from inside its gate (contention-gate.ts), so the
 * strike lands between that read and the write. Counts what it did, and for every stop that
 * outlived the drain lock's staleness whether another process wrote that stage meanwhile
 * (the moment a missing fence would write twice). Owns no process: restarting the app is
 * the caller's.
 */
import type { ChildProcess } from 'node:child_process';
import type { ChaosEvent, Decider } from './contention-plan';
import type { Gate } from './contention-gate';
import { signal, type CliRun } from './contention-procs';

/** A decider's process and the gates its ARM and Graph calls go through. */
export interface Target {
  proc: ChildProcess;
  gates: Gate[];
}

export interface Lane {
  decider: Decider;
  current: (CliRun & Target) | null;
  /** Order key of the turn in progress (Infinity once the lane is done), for pacing the app. */
  at: number;
  /** Set while a run is current: the chaos runner calls it when it stops that run, so the lane moves on. */
  detach: (() => void) | null;
}

export interface ChaosDeps {
  log(message: string): void;
  elapsed(): number;
  app(): Target | null;
  lane(decider: Decider): Lane;
  /** Write calls the simulator logged for `stage` after `seq`; and its newest seq. */
  writesSince(stage: string, seq: number): number;
  lastSeq(): number;
  /** Called after the app child was killed; resolves once a new one is ready. */
  restartApp(): Promise<void>;
}

export interface ChaosCounts {
  stops: number;
  longStops: number;
  kills: number;
  /** Strikes that landed at a read before the write. */
  midSend: number;
  /** Long stops (> staleness) at a read before the write, and of them those whose stage another process wrote meanwhile. */
  longMidSend: number;
  takenOver: number;
  skipped: number;
}

/** The drain lock's staleness (main/core/outbox): a stop longer than this loses the lock. */
const LOCK_STALE_MS = 30_000;
/** How long a mid-send strike waits for its moment before striking wherever the target is. */
const MID_SEND_WAIT_MS = 30_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function chaosRunner(events: readonly ChaosEvent[], deps: ChaosDeps) {
  const counts: ChaosCounts = { stops: 0, longStops: 0, kills: 0, midSend: 0, longMidSend: 0, takenOver: 0, skipped: 0 };
  const stopped = new Map<number, number>(); // pid → hold
  const killed = new Set<number>(); // killed, perhaps not reaped yet: never a target again
  const continues: Promise<void>[] = [];
  const at = () => `${(deps.elapsed() / 1000).toFixed(1)} s`;

  /** The strike itself, synchronous so a gate can run it before handing an answer back. */
  const hit = (event: ChaosEvent, proc: ChildProcess | null, stage: string | null): boolean => {
    const pid = proc?.pid;
    const held = pid === undefined ? undefined : stopped.get(pid);
    // A stopped process can still be killed (the OS ends a hung app), except in a stop meant to
    // outlive the lock's staleness; it cannot be stopped twice.
    const why =
      !proc || pid === undefined
        ? 'no live process'
        : killed.has(pid)
          ? 'already killed'
          : held !== undefined && (event.action === 'stop' || held > LOCK_STALE_MS)
            ? 'already stopped'
            : null;
    const where = stage ? ' at a read before its write' : '';
    if (why !== null || !proc || pid === undefined || !signal(proc, event.action === 'stop' ? 'SIGSTOP' : 'SIGKILL')) {
      counts.skipped++;
      deps.log(`${at()} ${event.action} ${event.target} skipped: ${why ?? 'gone'}`);
      return false;
    }
    if (stage) counts.midSend++;
    if (event.action === 'kill') {
      killed.add(pid);
      stopped.delete(pid);
      counts.kills++;
      deps.log(`${at()} SIGKILL ${event.target}${where} (pid ${pid})`);
      return true;
    }
    const hold = event.holdMs ?? 0;
    const long = hold > LOCK_STALE_MS;
    counts.stops++;
    if (long) counts.longStops++;
    if (long && stage) counts.longMidSend++;
    stopped.set(pid, hold);
    deps.log(`${at()} SIGSTOP ${event.target}${where} (pid ${pid}) for ${(hold / 1000).toFixed(1)} s`);
    if (event.target !== 'app') deps.lane(event.target).detach?.();
    const since = deps.lastSeq();
    continues.push(
      sleep(hold).then(() => {
        stopped.delete(pid);
        if (long && stage && deps.writesSince(stage, since) > 0) {
          counts.takenOver++;
          deps.log(`${at()} ${event.target} (pid ${pid}) continued: another process wrote its stage meanwhile`);
        }
        signal(proc, 'SIGCONT');
      }),
    );
    return true;
  };

  /** Arms every gate of the target; true once one of them struck, false after `ms` or when `ended` settles. */
  const armed = (target: Target, event: ChaosEvent, ms: number, ended: Promise<unknown>) =>
    new Promise<boolean>((resolve) => {
      let settled = false;
      const finish = (struck: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        for (const g of target.gates) g.disarm();
        resolve(struck);
      };
      const timer = setTimeout(() => finish(false), ms);
      for (const g of target.gates)
        g.arm((stage) => {
          if (settled) return;
          hit(event, target.proc, stage);
          finish(true);
        });
      void ended.then(() => finish(false));
    });

  const strikeMidSend = async (event: ChaosEvent): Promise<boolean> => {
    const deadline = deps.elapsed() + MID_SEND_WAIT_MS;
    if (event.target === 'app') {
      const app = deps.app();
      return app ? armed(app, event, MID_SEND_WAIT_MS, new Promise(() => undefined)) : false;
    }
    const lane = deps.lane(event.target);
    // Follow the lane from run to run until one reads its stage.
    while (deps.elapsed() < deadline && lane.at !== Infinity) {
      const run = lane.current;
      if (!run) {
        await sleep(20);
        continue;
      }
      if (await armed(run, event, deadline - deps.elapsed(), run.done)) return true;
      // That run ended: yield until the lane moves on (spinning here would starve the lane itself).
      while (lane.current === run && deps.elapsed() < deadline) await sleep(20);
    }
    return false;
  };

  const strike = async (event: ChaosEvent) => {
    let struck = event.midSend && (await strikeMidSend(event));
    if (!struck) {
      let proc = event.target === 'app' ? (deps.app()?.proc ?? null) : null;
      if (event.target !== 'app') {
        const lane = deps.lane(event.target);
        // Between two runs the lane has no process for a moment: take the next one.
        const live = () => lane.current !== null && lane.current.proc.exitCode === null && lane.current.proc.signalCode === null;
        for (let i = 0; i < 100 && !live() && lane.at !== Infinity; i++) await sleep(20);
        proc = lane.current?.proc ?? null;
      }
      struck = hit(event, proc, null);
    }
    if (struck && event.action === 'kill' && event.target === 'app') await deps.restartApp();
  };

  return {
    counts,
    /** Each event on its own timer, so one waiting for its mid-send moment delays no other. */
    run: () =>
      Promise.all(
        events.map(async (event) => {
          const wait = event.atMs - deps.elapsed();
          if (wait > 0) await sleep(wait);
          await strike(event);
        }),
      ).then(() => undefined),
    /** Resolves once every stopped process was continued. */
    settled: () => Promise.all(continues).then(() => undefined),
  };
}
