import { describe, expect, it } from 'vitest';
import { boundLine, createLogger, memorySink, parseLogLevel, type LogRecord } from './logger';

const at = () => Date.UTC(2026, 0, 5, 9, 0, 0);

describe('createLogger', () => {
  it('drops records below the level and formats the rest as one line', () => {
    const records: LogRecord[] = [];
    const log = createLogger({ level: 'info', sinks: [(r) => records.push(r)], now: at });
    log.debug('hidden');
    log.info('poll done', { items: 3 });
    log.child('ipc').warn('refused');
    log.setLevel('debug');
    log.debug('now shown');
    expect(records.map((r) => [r.level, r.line])).toEqual([
      ['info', 'poll done {"items":3}'],
      ['warn', 'ipc: refused'],
      ['debug', 'now shown'],
    ]);
    expect(records[0]?.time).toBe('2026-01-05T09:00:00.000Z');
  });

  it('redacts the message and the fields before any sink sees them', () => {
    const sink = memorySink();
    const log = createLogger({ sinks: [sink] });
    log.error('GET failed with Authorization: Bearer eyJhbGciOi.eyJzdWIiOi.sig-nature for ada@contoso.com', {
      justification: 'because prod is down',
      headers: { authorization: 'Bearer abcdefghijk' },
      refreshToken: '1.ARwhatever',
    });
    const text = sink.lines().join('\n');
    for (const secret of ['eyJhbGciOi', 'ada@contoso.com', 'because prod is down', 'abcdefghijk', '1.ARwhatever']) expect(text).not.toContain(secret);
  });

  it('bounds every line and keeps it on one line', () => {
    const sink = memorySink();
    createLogger({ sinks: [sink], maxLineLength: 100 }).info(`a\nb\r\n${'x'.repeat(1000)}`);
    const [line] = sink.lines();
    expect(line).not.toMatch(/[\r\n]/);
    expect(line!.length).toBeLessThan(100 + 40); // the record prefix (time, level) comes on top
    expect(line).toMatch(/more chars\]$/);
  });

  it('never throws: a failing sink is skipped, other sinks still get the record', () => {
    const sink = memorySink();
    const log = createLogger({ sinks: [() => { throw new Error('disk full'); }, sink] });
    expect(() => log.warn('still here', { weird: Object.create(null) as object })).not.toThrow();
    expect(sink.lines()).toHaveLength(1);
  });

  it('adds and removes sinks', () => {
    const log = createLogger();
    const sink = memorySink();
    const remove = log.addSink(sink);
    log.info('one');
    remove();
    log.info('two');
    expect(sink.lines()).toHaveLength(1);
  });
});

describe('helpers', () => {
  it('parses levels leniently', () => {
    expect(parseLogLevel('DEBUG')).toBe('debug');
    expect(parseLogLevel('loud')).toBe('info');
    expect(parseLogLevel(undefined, 'warn')).toBe('warn');
  });
  it('boundLine leaves short text alone', () => {
    expect(boundLine('short', 10)).toBe('short');
  });
});
