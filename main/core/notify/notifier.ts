/**
 * The Notifier: what the core needs from an OS notification surface (D-Bus on Linux,
 * Electron's Notification on macOS and Windows, a recorder in tests). Types only. A
 * notifier shows what it is told and reports what the user did; it decides nothing.
 */

/** What the user did: a button, or a click on the notification itself ('open'). */
export type NotificationAction = 'approve' | 'deny' | 'open';

export interface NotificationSpec {
  /** Our key (an item id, or SUMMARY_NOTIFICATION_ID); showing the same key again replaces the old one. */
  id: string;
  title: string;
  /** Plain text; adapters escape it where the OS would read markup. */
  body: string;
  /** Buttons to offer besides the click on the body; empty for a plain notice. */
  actions: Array<'approve' | 'deny'>;
  /** Ask for a justification where the OS has a reply field. */
  reply: boolean;
  /** Requests stay until acted on or withdrawn; confirmations go away by themselves. */
  sticky: boolean;
}

export interface NotificationHandle {
  readonly id: string;
  /** Settles once the OS has the notification (true) or refused it (false); never rejects. */
  readonly shown: Promise<boolean>;
}

export interface NotifierCapabilities {
  /** Buttons (Approve/Deny) are delivered back to us. */
  actions: boolean;
  /** A text reply can travel with a button (the justification). */
  reply: boolean;
}

export type ActionListener = (id: string, action: NotificationAction, reply?: string) => void;

export interface Notifier {
  readonly capabilities: NotifierCapabilities;
  show(notification: NotificationSpec): NotificationHandle;
  /** Removes a shown notification; unknown ids are ignored. */
  withdraw(id: string): void;
  onAction(listener: ActionListener): () => void;
  dispose(): Promise<void>;
}
