/**
 * Routes MSAL's own logging into our Logger: PII logging off, messages flagged as PII
 * dropped, everything else passed through redact(). Never widens what MSAL may log.
 */
import { LogLevel, type Configuration } from '@azure/msal-node';
import { redact } from './redact';
import type { Logger } from './types';

type LoggerOptions = NonNullable<NonNullable<Configuration['system']>['loggerOptions']>;

export function msalLoggerOptions(logger: Logger, level: LogLevel = LogLevel.Warning): LoggerOptions {
  return {
    piiLoggingEnabled: false,
    logLevel: level,
    loggerCallback(msalLevel, message, containsPii) {
      if (containsPii) return;
      const line = `msal: ${redact(message)}`;
      switch (msalLevel) {
        case LogLevel.Error:
          logger.error(line);
          break;
        case LogLevel.Warning:
          logger.warn(line);
          break;
        case LogLevel.Info:
          logger.info(line);
          break;
        default:
          logger.debug(line);
      }
    },
  };
}
