/**
 * Windows toast XML for our notifications and the activation arguments it carries. Pure,
 * no electron: the toast names the item and the action in its `arguments`, so an
 * activation can be routed even after a restart (Windows keeps toasts in Action Center).
 * All text is XML-escaped; nothing here is ever interpreted as markup.
 */
import type { NotificationAction, NotificationSpec } from '../../core/notify/notifier';

/** The id of the toast's text input; its value arrives in the activation's userInputs. */
export const justificationInputId = 'justification';

export function toastArguments(action: NotificationAction, id: string): string {
  return new URLSearchParams({ action, id }).toString();
}

/** Reads `arguments` back; null for anything we did not write. */
export function parseToastArguments(raw: string): { action: NotificationAction; id: string } | null {
  const params = new URLSearchParams(raw);
  const action = params.get('action');
  const id = params.get('id');
  if (!id || (action !== 'approve' && action !== 'deny' && action !== 'open')) return null;
  return { action, id };
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/**
 * A request toast: title and body, a "Justification" input, Approve and Deny buttons that
 * carry the input; a click on the body opens the request. Requests stay long on screen.
 */
export function windowsToastXml(spec: NotificationSpec): string {
  const attr = (s: string) => `"${escapeXml(s)}"`;
  const buttons = spec.actions.map((a) => {
    const content = a === 'approve' ? 'Approve' : 'Deny';
    const input = spec.reply ? ` hint-inputId=${attr(justificationInputId)}` : '';
    return `<action content=${attr(content)} arguments=${attr(toastArguments(a, spec.id))} activationType="foreground"${input}/>`;
  });
  const input = spec.reply && spec.actions.length > 0 ? [`<input id=${attr(justificationInputId)} type="text" placeHolderContent="Justification"/>`] : [];
  const actions = input.length + buttons.length > 0 ? `<actions>${[...input, ...buttons].join('')}</actions>` : '';
  const body = spec.body ? `<text>${escapeXml(spec.body)}</text>` : '';
  return (
    `<toast launch=${attr(toastArguments('open', spec.id))} activationType="foreground"${spec.sticky ? ' duration="long"' : ''}>` +
    `<visual><binding template="ToastGeneric"><text>${escapeXml(spec.title)}</text>${body}</binding></visual>` +
    actions +
    `</toast>`
  );
}
