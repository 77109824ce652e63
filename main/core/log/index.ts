/** The log module's public face: one logger with redaction, its file sink and the diagnostics text. */
export { createLogger, consoleSink, parseLogLevel, type AppLogger, type Logger } from './logger';
export { createRotatingFile, type RotatingFile } from './rotating-file';
export { buildDiagnostics, DIAGNOSTICS_LOG_LINES } from './diagnostics';
