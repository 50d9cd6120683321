import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  buildWindowOptions,
  isAllowedExternalUrl,
  isAllowedNavigation,
  isAllowedRequestUrl,
  isAppUrl,
  isPermissionAllowed,
  isTrustedSender,
  requiredWebPreferences,
  secureWebPreferences,
} from '../../../electron/shell/security';

describe('isAppUrl', () => {
  it.each([
    ['app://gramdeck/index.html', true],
    ['app://gramdeck/', true],
    ['app://gramdeck', true],
    // Chromium lowercases standard-scheme hosts before we see them; anything else is refused.
    ['app://GRAMDECK/index.html', false],
    ['app://gramdeck/assets/index.js?x=1#y', true],
    ['app://gramdeck.evil/index.html', false],
    ['app://evil/gramdeck', false],
    ['app://gramdeck:8080/index.html', false],
    ['app://user@gramdeck/index.html', false],
    ['app://user:pw@gramdeck/', false],
    ['app://evil@gramdeck.evil/', false],
    ['https://gramdeck/index.html', false],
    ['file:///app/gramdeck/index.html', false],
    ['http://localhost:5173/', false],
    ['appx://gramdeck/', false],
    ['about:blank', false],
    ['data:text/html,<b>app://gramdeck/</b>', false],
    ['javascript:alert(1)//app://gramdeck/', false],
    ['app:gramdeck', false],
    ['', false],
    ['not a url', false],
    [null, false],
    [undefined, false],
    [42, false],
  ])('%s → %s', (url, expected) => {
    expect(isAppUrl(url)).toBe(expected);
  });
});

describe('isTrustedSender', () => {
  it.each([
    [{ transport: 'electron' as const, url: APP_ENTRY_URL }, true],
    [{ transport: 'electron' as const, url: 'app://gramdeck/other.html' }, true],
    [{ transport: 'electron' as const, url: null }, false],
    [{ transport: 'electron' as const, url: 'https://evil.example/' }, false],
    [{ transport: 'electron' as const, url: 'app://gramdeck.evil.example/' }, false],
    [{ transport: 'web' as const, url: APP_ENTRY_URL }, false],
  ])('%j → %s', (sender, expected) => {
    expect(isTrustedSender(sender)).toBe(expected);
  });
});

describe('isAllowedExternalUrl', () => {
  it.each([
    ['https://my.telegram.org', true],
    ['https://my.telegram.org/apps', true],
    ['https://fragment.com/number/88800000000/code', true],
    ['http://fragment.com/number/88800000000/code', false],
    ['https://fragment.com.evil.example/', false],
    ['https://MY.TELEGRAM.ORG/auth', true],
    ['https://telegram.org/tos', true],
    ['https://telegram.org/tos/', true],
    ['https://telegram.org/tos/eu', true],
    ['https://telegram.org/privacy', true],
    ['https://core.telegram.org/api/terms', true],
    ['https://github.com/gramdeck/gramdeck/releases', true],
    ['https://github.com/gramdeck/gramdeck/releases/tag/v1.2.3', true],
    // Scheme, port and credentials
    ['http://my.telegram.org', false],
    ['https://my.telegram.org:8443/', false],
    ['https://user@my.telegram.org/', false],
    ['https://my.telegram.org@evil.example/', false],
    ['javascript:alert(1)', false],
    ['file:///etc/passwd', false],
    ['tg://resolve?domain=x', false],
    // Hosts that merely contain an allowed one
    ['https://my.telegram.org.evil.example/', false],
    ['https://evil-my.telegram.org/', false],
    ['https://evilmy.telegram.org/', false],
    ['https://telegram.org.evil.example/tos', false],
    ['https://evil.example/https://my.telegram.org', false],
    ['https://evil.example/?u=https://my.telegram.org', false],
    ['https://telegram.org/', false],
    ['https://telegram.org/apps', false],
    // Path prefixes match whole segments, after normalisation
    ['https://telegram.org/tosx', false],
    ['https://telegram.org/tos/../apps', false],
    ['https://telegram.org/tos/%2e%2e/apps', false],
    ['https://telegram.org/tos%2f..%2fapps', false],
    ['https://github.com/gramdeck/gramdeck/releases/../../evil/repo', false],
    ['https://github.com/gramdeck/gramdeck/releasesx', false],
    ['https://github.com/gramdeck/gramdeck', false],
    ['https://github.com/evil/gramdeck/releases', false],
    ['https://github.com.evil.example/gramdeck/gramdeck/releases', false],
    ['https://github.com\\@evil.example/', false],
    ['', false],
    [null, false],
    [{ toString: (): string => 'https://my.telegram.org' }, false],
  ])('%s → %s', (url, expected) => {
    expect(isAllowedExternalUrl(url)).toBe(expected);
  });

  it('a long URL is refused before parsing', () => {
    expect(isAllowedExternalUrl(`https://my.telegram.org/${'a'.repeat(5000)}`)).toBe(false);
  });
});

describe('navigation, requests and permissions', () => {
  it.each([
    'app://gramdeck/index.html',
    'https://my.telegram.org',
    'file:///etc/passwd',
    'about:blank',
  ])('navigating to %s is refused', (url) => {
    expect(isAllowedNavigation(url)).toBe(false);
  });

  // [url, allowed in a development run, allowed in a packaged build]
  it.each([
    ['app://gramdeck/assets/index.js', true, true],
    ['data:image/png;base64,AAAA', true, true],
    ['devtools://devtools/bundled/inspector.html', true, false],
    ['devtools://devtools/bundled/devtools_app.html?remoteBase=https://evil.example/', true, false],
    ['DEVTOOLS://devtools/bundled/inspector.html', true, false],
    ['chrome-extension://fmkadmapgofadopljbjfkapdkoienihi/build/backend.js', true, false],
    ['Chrome-Extension://abcdefghijklmnop/main.js', true, false],
    ['chrome://settings', false, false],
    ['chrome-devtools://devtools/bundled/inspector.html', false, false],
    ['https://evil.example/beacon', false, false],
    ['http://127.0.0.1:8080/', false, false],
    ['ws://127.0.0.1:9222/', false, false],
    ['file:///etc/passwd', false, false],
    ['app://gramdeck.evil/', false, false],
    ['blob:app://gramdeck/1234', false, false],
    ['', false, false],
    [undefined, false, false],
  ])('request %s → development %s, packaged %s', (url, inDevelopment, inPackaged) => {
    expect(isAllowedRequestUrl(url, { isPackaged: false })).toBe(inDevelopment);
    expect(isAllowedRequestUrl(url, { isPackaged: true })).toBe(inPackaged);
  });

  it.each([
    ['media', 'app://gramdeck/index.html', false],
    ['geolocation', 'app://gramdeck/index.html', false],
    ['notifications', 'app://gramdeck/index.html', false],
    ['clipboard-read', 'app://gramdeck/index.html', false],
    ['openExternal', 'app://gramdeck/index.html', false],
    ['fullscreen', 'app://gramdeck/index.html', false],
    ['unknown', 'app://gramdeck/index.html', false],
    ['clipboard-sanitized-write', 'app://gramdeck/index.html', true],
    ['clipboard-sanitized-write', 'app://gramdeck', true],
    ['clipboard-sanitized-write', 'https://evil.example/', false],
    ['clipboard-sanitized-write', '', false],
    ['clipboard-sanitized-write', undefined, false],
  ])('permission %s from %s → %s', (permission, url, expected) => {
    expect(isPermissionAllowed(permission, url)).toBe(expected);
  });
});

describe('window options', () => {
  it('webPreferences keep every hardening switch', () => {
    expect(secureWebPreferences('/app/out/preload/index.cjs')).toMatchObject({
      ...requiredWebPreferences,
      preload: '/app/out/preload/index.cjs',
      experimentalFeatures: false,
      navigateOnDragDrop: false,
    });
  });

  it.each([true, false])('buildWindowOptions (packaged: %s)', (isPackaged) => {
    const options = buildWindowOptions({
      preloadPath: '/p/index.cjs',
      bounds: { x: 10, y: 20, width: 1000, height: 700 },
      isPackaged,
    });
    expect(options).toMatchObject({ x: 10, y: 20, width: 1000, height: 700, show: false });
    expect(options.webPreferences).toMatchObject(requiredWebPreferences);
    expect(options.webPreferences?.devTools).toBe(!isPackaged);
    expect(options.webPreferences).not.toHaveProperty('enableBlinkFeatures');
    expect(options.webPreferences).not.toHaveProperty('additionalArguments');
  });
});
