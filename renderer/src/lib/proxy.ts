import type { ProxyConfig } from '../../../electron/shared/dto';
import { proxyRules } from '../../../electron/shared/rules';

export interface ProxyDraft {
  type: 'none' | 'socks5' | 'mtproxy';
  host: string;
  port: string;
  username: string;
  password: string;
  secret: string;
}

export const emptyProxyDraft: ProxyDraft = {
  type: 'none',
  host: '',
  port: '',
  username: '',
  password: '',
  secret: '',
};

export type ProxyCheck =
  { ok: true; proxy: ProxyConfig | null } | { ok: false; field: keyof ProxyDraft; message: string };

/** Validates a proxy form the way main will, with messages for each field. */
export function checkProxy(draft: ProxyDraft): ProxyCheck {
  if (draft.type === 'none') return { ok: true, proxy: null };
  const host = draft.host.trim();
  if (host === '') return { ok: false, field: 'host', message: 'Enter the proxy host.' };
  if (host.length > proxyRules.hostMaxLength || !proxyRules.hostPattern.test(host)) {
    return { ok: false, field: 'host', message: 'Enter a host name or an IP address.' };
  }
  const portText = draft.port.trim();
  if (!/^\d{1,5}$/.test(portText)) {
    return { ok: false, field: 'port', message: 'The port is a number between 1 and 65535.' };
  }
  const port = Number(portText);
  if (port < proxyRules.portMin || port > proxyRules.portMax) {
    return { ok: false, field: 'port', message: 'The port is a number between 1 and 65535.' };
  }
  if (draft.type === 'socks5') {
    const username = draft.username.trim();
    if (draft.password !== '' && username === '') {
      return { ok: false, field: 'username', message: 'A password needs a username.' };
    }
    return {
      ok: true,
      proxy: {
        type: 'socks5',
        host,
        port,
        ...(username === '' ? {} : { username }),
        ...(draft.password === '' ? {} : { password: draft.password }),
      },
    };
  }
  const secret = draft.secret.trim();
  if (secret === '') return { ok: false, field: 'secret', message: 'Enter the MTProxy secret.' };
  if (!proxyRules.secretPattern.test(secret) || secret.length > proxyRules.secretMaxLength) {
    return {
      ok: false,
      field: 'secret',
      message: 'The secret is a hexadecimal string of at least 32 characters.',
    };
  }
  return { ok: true, proxy: { type: 'mtproxy', host, port, secret } };
}
