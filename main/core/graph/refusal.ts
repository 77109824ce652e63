/**
 * What a 403 from Graph means for a kind, in one wording for the app (Settings, the notice)
 * and the CLI: almost always its delegated permission without admin consent. Pure.
 */
import { kindPermission } from '../model/item-labels';
import type { ArmError } from '../net/types';
import type { GraphKind } from './types';

export function graphRefusal(kind: GraphKind, error: Pick<ArmError, 'code' | 'message'>): string {
  const code = error.code ? ` ${error.code}` : '';
  return `Microsoft Graph refused (403${code}): ${error.message} An administrator must grant consent for ${kindPermission(kind) ?? ''} to this app, or your account lacks the rights to approve them.`;
}
