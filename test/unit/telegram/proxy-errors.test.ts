import { describe, expect, it } from 'vitest';
import type { ProxyConfig } from '../../../electron/shared/dto';
import { failure } from '../../../electron/shared/error-words';
import { proxyFailureOf, refuseUnusableSecret } from '../../../electron/telegram/proxy-errors';

const socks: ProxyConfig = { type: 'socks5', host: '127.0.0.1', port: 1080 };
const mtproxy: ProxyConfig = {
  type: 'mtproxy',
  host: '127.0.0.1',
  port: 443,
  secret: 'ab'.repeat(16),
};

const socketError = (code: string) =>
  Object.assign(new Error(`connect ${code} 127.0.0.1:1080`), { code });

describe('proxyFailureOf: what GramJS surfaced, in plain words', () => {
  it.each([
    [socketError('ECONNREFUSED'), 'PROXY_REFUSED'],
    [new Error('connect ECONNREFUSED 127.0.0.1:1080'), 'PROXY_REFUSED'],
    [socketError('ETIMEDOUT'), 'PROXY_TIMEOUT'],
    [new Error('Proxy connection timed out'), 'PROXY_TIMEOUT'],
    [failure('TIMEOUT'), 'PROXY_TIMEOUT'],
    [socketError('ENOTFOUND'), 'PROXY_UNREACHABLE'],
    [new Error('Socks5 Authentication failed'), 'PROXY_AUTH_FAILED'],
    [
      new Error('Received invalid Socks5 initial handshake (no accepted authentication type)'),
      'PROXY_AUTH_FAILED',
    ],
    [new Error('Socks5 proxy rejected connection - ConnectionRefused'), 'PROXY_UNREACHABLE'],
    [new Error('Socket closed'), 'PROXY_REFUSED'],
  ])('SOCKS5: %s → %s', (error, code) => {
    expect(proxyFailureOf(error, socks)?.code).toBe(code);
  });

  it('says what a proxy without credentials is missing', () => {
    const error = new Error(
      'Received invalid Socks5 initial handshake (no accepted authentication type)',
    );
    expect(proxyFailureOf(error, socks)?.message).toBe(
      'The proxy asks for a user name and password. Enter them and try again.',
    );
  });

  it('leaves what is not about the proxy alone', () => {
    expect(proxyFailureOf(new Error('something else'), socks)).toBeNull();
    expect(proxyFailureOf(failure('LOGGED_OUT'), socks)).toBeNull();
    expect(proxyFailureOf(null, socks)).toBeNull();
  });

  it('an MTProxy that hangs up after the header means a wrong secret', () => {
    expect(proxyFailureOf(new Error('NetSocket was closed'), mtproxy)?.code).toBe(
      'PROXY_SECRET_INVALID',
    );
    expect(proxyFailureOf(socketError('ECONNREFUSED'), mtproxy)?.code).toBe('PROXY_REFUSED');
  });
});

describe('refuseUnusableSecret', () => {
  it('accepts plain and dd secrets, refuses fake TLS before connecting', () => {
    expect(() => {
      refuseUnusableSecret(mtproxy);
    }).not.toThrow();
    expect(() => {
      refuseUnusableSecret({ ...mtproxy, secret: `dd${'ab'.repeat(16)}` });
    }).not.toThrow();
    expect(() => {
      refuseUnusableSecret({ ...mtproxy, secret: `ee${'ab'.repeat(16)}6578616d706c65` });
    }).toThrow(expect.objectContaining({ code: 'PROXY_SECRET_INVALID' }));
    expect(() => {
      refuseUnusableSecret(socks);
    }).not.toThrow();
  });
});
