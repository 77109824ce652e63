/** For a core that can never have a session (signed-out tests): asking for a sink is a bug. */
import type { DecisionSink } from './app-core';

export function noDecisions(): DecisionSink {
  throw new Error('This core was built without a decision sink');
}
