/**
 * Benchmark worlds on the PIM simulator: a loopback tenant plus the real ARM client signed
 * in as `me`. The busy scenario can be shrunk for `--quick` (same generator, fewer
 * requests) so the reduced form exercises the same code. Owns nothing between runs.
 */
import { createArmClient, type ArmClient, type ArmClientOptions } from '../main/core/arm/client';
import type { Clock } from '../main/core/clock';
import { loadScenario, startSimulator, type Knobs, type RunningSimulator, type Scenario } from '../main/demo/simulator';

/** 'busy' with `count` generated requests instead of 1,000. */
export function busyScenario(count: number): Scenario {
  const busy = loadScenario('busy');
  if (!busy.generate) throw new Error('the busy scenario has no generator');
  return { ...busy, generate: { ...busy.generate, count } };
}

export interface SimWorld {
  sim: RunningSimulator;
  arm: ArmClient;
  close(): Promise<void>;
}

export async function simWorld(options: {
  scenario: string | Scenario;
  knobs?: Partial<Knobs>;
  clock?: Clock;
  seed?: number;
  client?: Partial<Omit<ArmClientOptions, 'endpoint' | 'getToken'>>;
}): Promise<SimWorld> {
  const sim = await startSimulator({
    scenario: options.scenario,
    ...(options.knobs ? { knobs: options.knobs } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    seed: options.seed ?? 1,
  });
  const arm = createArmClient({
    endpoint: sim.url,
    getToken: async () => sim.tokens.me,
    principalId: async () => sim.principals['me']?.id ?? null,
    ...(options.clock ? { clock: options.clock } : {}),
    ...options.client,
  });
  return { sim, arm, close: () => sim.close() };
}
