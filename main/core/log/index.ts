/** The log module's public face: one logger with redaction, its file sink and the diagnostics text. */
export { createLogger, consoleSink, memorySink, parseLogLevel, recordText, silentLogger, LOG_LEVELS, type AppLogger, type LogFields, type LogLevel, type LogRecord, type LogSink, type Logger } from './logger';
export { isSensitiveKey, redactText, redactValue, REDACTED } from './redact';
export { createRotatingFile, type RotatingFile, type RotatingFileOptions } from './rotating-file';
export { buildDiagnostics, DIAGNOSTICS_LOG_LINES, type DiagnosticsInput } from './diagnostics';
