/**
 * Follows decisions after the click, from the outbox entries the AppState carries: a
 * decision that fails raises one notification ("Not sent — Owner on Prod-Payments", with
 * what happened and what to do), whatever surface it was made on; a decision made from a
 * notification gets its confirmation replaced in place once Azure answered ("Approved —
 * …", "Already approved by Sam Okafor — …"). Failures that were already there when the
 * app started are not announced again. Owns that memory only; shows nothing itself.
 */
import type { OutboxEntryDto } from '../model/state';
import type { NotificationSpec } from './notifier';
import { notificationTitle, plainLine } from './wording';

/** One key per request: a later word on the same decision replaces the earlier one. */
export function outcomeNotificationId(itemId: string): string {
  return `pim-approvals:outcome:${itemId}`;
}

const FINAL = new Set<OutboxEntryDto['state']>(['done', 'conflict', 'expired', 'failed']);

export interface DecisionFollower {
  /** A decision made from a notification: replace its confirmation when the entry settles. */
  watch(entryId: string): void;
  /** Every AppState.decisions; returns what to show now. `nameTenants`: several accounts, titles start with the tenant. */
  update(entries: readonly OutboxEntryDto[], nameTenants?: boolean): NotificationSpec[];
}

export function createDecisionFollower(): DecisionFollower {
  let known: Set<string> | null = null; // failed entries already seen (null until the first update)
  const watched = new Set<string>();
  return {
    watch(entryId) {
      watched.add(entryId);
    },
    update(entries, nameTenants = false) {
      const show: NotificationSpec[] = [];
      const firstLook = known === null;
      const seen = known ?? new Set<string>();
      for (const entry of entries) {
        if (entry.state === 'failed' && !seen.has(entry.id)) {
          seen.add(entry.id);
          if (!firstLook || watched.has(entry.id)) show.push(settled(entry, nameTenants));
          watched.delete(entry.id);
        } else if (watched.has(entry.id) && FINAL.has(entry.state)) {
          watched.delete(entry.id);
          show.push(settled(entry, nameTenants));
        }
      }
      known = seen;
      return show;
    },
  };
}

function settled(entry: OutboxEntryDto, nameTenants: boolean): NotificationSpec {
  const tenant = entry.tenantName ? { id: '', name: entry.tenantName } : undefined;
  const named = { kind: entry.kind, access: entry.summary.access, role: { id: '', displayName: entry.summary.role }, scope: { id: '', displayName: entry.summary.scope, type: '' } };
  const title = notificationTitle(tenant ? { ...named, tenant } : named, nameTenants);
  const message = plainLine(entry.message ?? '', 200);
  const headline = (() => {
    switch (entry.state) {
      case 'done':
        return entry.result === 'Approve' ? 'Approved' : 'Denied';
      case 'failed':
        return 'Not sent';
      default:
        return message || 'Decided by someone else';
    }
  })();
  const body = entry.state === 'failed' ? message || 'The decision could not be sent. Open Outbox & history.' : '';
  return { id: outcomeNotificationId(entry.itemId), title: `${headline} — ${title}`, body, actions: [], reply: false, sticky: entry.state === 'failed' };
}
