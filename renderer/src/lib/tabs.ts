/** The window's views, in tab order. */
export type TabId = 'waiting' | 'mine' | 'outbox' | 'settings';
