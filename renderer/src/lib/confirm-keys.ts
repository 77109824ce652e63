/**
 * Ctrl/Cmd+Enter confirms a decide dialog from inside its text field, where Enter adds a
 * line. Clicking the dialog's own button (rather than calling its handler) keeps every rule
 * that enables or disables that button — a missing tick, an expired request — in force.
 */
export function confirmOnCtrlEnter(event: KeyboardEvent, confirm: HTMLButtonElement | undefined): void {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    confirm?.click();
  }
}
