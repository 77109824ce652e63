/**
 * Auth's name for the app's one redactor (main/core/log/redact.ts), kept so auth's modules
 * and tests read as before. Redaction rules live only there.
 */
export { redactText as redact } from '../log/redact';
