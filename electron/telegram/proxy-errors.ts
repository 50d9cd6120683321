/**
 * Why a connection through a proxy failed, from what GramJS surfaces: socket errors (the proxy
 * itself), the `socks` library's SOCKS5 negotiation errors, and GramJS's MTProxy transport. Each
 * becomes one of the PROXY_* codes with its plain words; anything else stays unclassified.
 */
import type { ProxyConfig } from '../shared/dto';
import { failure } from '../shared/error-words';
import { isAppFailure, type AppFailure } from '../shared/errors';

const unreachableCodes = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** The errno-like code of a socket error, also when only its message survived (a worker). */
function socketCode(error: Error): string | null {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  return /\b(E[A-Z]{4,})\b/.exec(error.message)?.[1] ?? null;
}

/**
 * The proxy failure `error` stands for, or null when it says nothing about the proxy. A
 * connection that timed out as a whole counts as the proxy's timeout.
 */
export function proxyFailureOf(error: unknown, proxy: ProxyConfig): AppFailure | null {
  if (isAppFailure(error)) return error.code === 'TIMEOUT' ? failure('PROXY_TIMEOUT') : null;
  if (!(error instanceof Error)) return null;
  const message = error.message;
  const code = socketCode(error);
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET') return failure('PROXY_REFUSED');
  if (code === 'ETIMEDOUT' || /Proxy connection timed out/i.test(message)) {
    return failure('PROXY_TIMEOUT');
  }
  if (code !== null && unreachableCodes.has(code)) return failure('PROXY_UNREACHABLE');
  if (proxy.type === 'socks5') {
    if (/Authentication failed/i.test(message)) return failure('PROXY_AUTH_FAILED');
    if (/no accepted authentication type/i.test(message)) {
      return failure('PROXY_AUTH_FAILED', {
        message:
          proxy.username === undefined
            ? 'The proxy asks for a user name and password. Enter them and try again.'
            : 'The proxy does not accept a user name and password. Leave them empty and try again.',
      });
    }
    if (/proxy rejected connection/i.test(message)) return failure('PROXY_UNREACHABLE');
    if (/Socket closed|Negotiation error|invalid Socks5/i.test(message)) {
      return failure('PROXY_REFUSED', {
        message: 'The proxy closed the connection. Check that it is a SOCKS5 proxy.',
      });
    }
    return null;
  }
  // An MTProxy that does not know the secret closes the connection (or answers noise) right
  // after the obfuscated header; GramJS also refuses a secret it cannot use (fake-TLS `ee`).
  return failure('PROXY_SECRET_INVALID');
}

/**
 * Refuses, before any socket opens, an MTProxy secret GramJS's transport cannot use: it speaks
 * the plain (16 bytes) and `dd` (padded) kinds, not fake TLS (`ee`), and would otherwise fail
 * after connecting and leave that socket open.
 */
export function refuseUnusableSecret(proxy: ProxyConfig | null): void {
  if (proxy?.type !== 'mtproxy') return;
  const secret = proxy.secret.toLowerCase();
  const body = secret.startsWith('dd') && secret.length === 34 ? secret.slice(2) : secret;
  if (!/^[0-9a-f]{32}$/.test(body)) throw failure('PROXY_SECRET_INVALID');
}
