/** For a core that can never have a session (signed-out tests): asking for a sink is a bug. */
import type { DecisionSink } from '../../main/core/app/app-core';

export function noDecisions(): DecisionSink {
  throw new Error('This core was built without a decision sink');
}
