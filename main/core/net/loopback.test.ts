import { describe, expect, it } from 'vitest';
import { hostOfHeader, isLoopbackHost, isLoopbackHostHeader } from './loopback';

describe('loopback', () => {
  it.each(['localhost', 'LOCALHOST', '127.0.0.1', '127.1.2.3', '::1', '[::1]'])('%s is loopback', (h) => expect(isLoopbackHost(h)).toBe(true));
  it.each(['0.0.0.0', '192.168.1.10', '10.0.0.1', '127.0.0.1.evil.example', 'localhost.evil.example', '128.0.0.1', '127.0.0.256', '::', '', 'example.com'])(
    '%s is not loopback',
    (h) => expect(isLoopbackHost(h)).toBe(false),
  );
  it('reads the host of a Host header', () => {
    expect(hostOfHeader('127.0.0.1:8080')).toBe('127.0.0.1');
    expect(hostOfHeader('[::1]:80')).toBe('[::1]');
    expect(hostOfHeader(undefined)).toBeNull();
    expect(isLoopbackHostHeader('localhost:3000')).toBe(true);
    expect(isLoopbackHostHeader('evil.example:3000')).toBe(false);
    expect(isLoopbackHostHeader('[::1')).toBe(false);
  });
});
