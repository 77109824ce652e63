/**
 * Windows toast XML for our notifications and the activation arguments it carries. Pure,
 * no electron: the toast names the item and the action in its `arguments`, so an
 * activation can be routed even after a restart (Windows keeps toasts in Action Center).
 * All text is XML-escaped; nothing here is ever interpreted as markup.
 *
 * The arguments use Electron's own form, because Electron 45 routes on it
 * (electron/electron shell/browser/notifications/win/windows_toast_notification.cc,
 * ToastEventHandler::Invoke): only arguments containing `type=action` (or `type=reply`) go
 * to HandleToastActivation (windows_toast_activator.cc), which calls
 * `Notification.handleActivation`'s callback with the raw `arguments` and the typed
 * `userInputs`; anything else becomes the instance's plain `click`, arguments dropped. Its
 * parser reads `type`, `action` (a button index) and `tag` and ignores other keys, so ours
 * (`pim`, `item`) travel along untouched. No `tag`: Electron would then also fire the
 * instance's `action` event for the same press.
 */
import type { NotificationAction, NotificationSpec } from '../../core/notify/notifier';

/** The id of the toast's text input; its value arrives in the activation's userInputs. */
export const justificationInputId = 'justification';

/** A button press (`type=action`, Electron's index) or a click on the body (`type=click`). */
export function toastArguments(action: NotificationAction, id: string, buttonIndex = 0): string {
  const electronPart: Record<string, string> = action === 'open' ? { type: 'click' } : { type: 'action', action: String(buttonIndex) };
  return new URLSearchParams({ ...electronPart, pim: action, item: id }).toString();
}

/** Reads `arguments` back; null for anything we did not write. */
export function parseToastArguments(raw: string): { action: NotificationAction; id: string } | null {
  const params = new URLSearchParams(raw);
  const action = params.get('pim');
  const id = params.get('item');
  if (!id || (action !== 'approve' && action !== 'deny' && action !== 'open')) return null;
  return { action, id };
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/**
 * A request toast: title and body, a "Justification" input, Approve and Deny buttons that
 * carry the input; a click on the body opens the request. Requests stay long on screen.
 * A confirmation is silent in the XML itself: Electron ignores the `silent` option when
 * `toastXml` is given (it writes `<audio silent="true"/>` only into the XML it builds).
 */
export function windowsToastXml(spec: NotificationSpec): string {
  const attr = (s: string) => `"${escapeXml(s)}"`;
  const buttons = spec.actions.map((a, index) => {
    const content = a === 'approve' ? 'Approve' : 'Deny';
    const input = spec.reply ? ` hint-inputId=${attr(justificationInputId)}` : '';
    return `<action content=${attr(content)} arguments=${attr(toastArguments(a, spec.id, index))} activationType="foreground"${input}/>`;
  });
  const input = spec.reply && spec.actions.length > 0 ? [`<input id=${attr(justificationInputId)} type="text" placeHolderContent="Justification"/>`] : [];
  const actions = input.length + buttons.length > 0 ? `<actions>${[...input, ...buttons].join('')}</actions>` : '';
  const body = spec.body ? `<text>${escapeXml(spec.body)}</text>` : '';
  const audio = spec.sticky ? '' : '<audio silent="true"/>';
  return (
    `<toast launch=${attr(toastArguments('open', spec.id))} activationType="foreground"${spec.sticky ? ' duration="long"' : ''}>` +
    `<visual><binding template="ToastGeneric"><text>${escapeXml(spec.title)}</text>${body}</binding></visual>` +
    actions +
    audio +
    `</toast>`
  );
}
