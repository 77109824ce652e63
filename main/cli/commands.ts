/**
 * The CLI's command table: name → command. Adding a command is one line here.
 */
import type { Command } from './context';
import { listCommand } from './commands/list';
import { showCommand } from './commands/show';
import { decideCommand } from './commands/decide';
import { statusCommand } from './commands/status';
import { loginCommand, logoutCommand, whoamiCommand } from './commands/auth';
import { cancelCommand, outboxCommand, syncCommand } from './commands/outbox';
import { historyCommand } from './commands/history';
import { accountsCommand } from './commands/accounts';

export const commands: Record<string, Command> = {
  list: listCommand,
  show: showCommand,
  approve: decideCommand('Approve'),
  deny: decideCommand('Deny'),
  status: statusCommand,
  login: loginCommand,
  logout: logoutCommand,
  whoami: whoamiCommand,
  accounts: accountsCommand,
  outbox: outboxCommand,
  sync: syncCommand,
  cancel: cancelCommand,
  history: historyCommand,
};
