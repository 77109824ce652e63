import { describe, expect, it } from 'vitest';
import { checkArmEndpoint, clouds, isCloud, isLoopbackHost } from './clouds';

describe('clouds', () => {
  it('knows the ARM endpoint and token scope of each cloud', () => {
    expect(clouds.public).toMatchObject({ armEndpoint: 'https://management.azure.com', armScope: 'https://management.azure.com/.default' });
    expect(clouds.usgov).toMatchObject({ armEndpoint: 'https://management.usgovcloudapi.net', armScope: 'https://management.core.usgovcloudapi.net//.default' });
    expect(clouds.china).toMatchObject({ armEndpoint: 'https://management.chinacloudapi.cn', armScope: 'https://management.core.chinacloudapi.cn//.default' });
    expect(isCloud('usgov')).toBe(true);
    expect(isCloud('toString')).toBe(false);
  });

  it.each([
    ['https://management.azure.com', 'https://management.azure.com'],
    ['https://arm.contoso.example:8443/', 'https://arm.contoso.example:8443'],
    ['http://127.0.0.1:4000', 'http://127.0.0.1:4000'],
    ['http://127.8.9.10', 'http://127.8.9.10'],
    ['http://localhost:3000', 'http://localhost:3000'],
    ['http://[::1]:5000', 'http://[::1]:5000'],
  ])('accepts %s', (input, origin) => {
    expect(checkArmEndpoint(input)).toEqual({ ok: true, origin });
  });

  it.each([
    ['http://management.azure.com', /only on loopback/],
    ['http://10.0.0.1', /only on loopback/],
    ['http://128.0.0.1', /only on loopback/],
    ['http://localhost.evil.example', /only on loopback/],
    ['ftp://127.0.0.1', /must use https/],
    ['not a url', /not a URL/],
    ['https://user:pw@management.azure.com', /credentials/],
    ['https://management.azure.com/sub/path', /origin only/],
    ['https://management.azure.com/?x=1', /origin only/],
  ])('refuses %s with a clear error', (input, message) => {
    const result = checkArmEndpoint(input);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(message);
  });

  it('recognises loopback hosts only', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('LOCALHOST')).toBe(true);
    expect(isLoopbackHost('127.0.0.256')).toBe(false);
    expect(isLoopbackHost('127.0.0')).toBe(false);
  });
});
