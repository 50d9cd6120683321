import { describe, expect, it } from 'vitest';
import { parseShellArgs } from '../../../electron/shell/argv';
import { parseServerProfileJson as parseServerProfile } from '../../../electron/shared/server-profile';

describe('parseShellArgs', () => {
  it.each([
    [[], { dataDir: null, serverProfilePath: null }],
    [['.', '--data-dir', '/tmp/g'], { dataDir: '/tmp/g', serverProfilePath: null }],
    [['--data-dir=/tmp/g'], { dataDir: '/tmp/g', serverProfilePath: null }],
    [['--data-dir', 'rel/dir'], { dataDir: '/work/rel/dir', serverProfilePath: null }],
    [
      ['--server-profile', 'dc.json', '--data-dir', '/d'],
      { dataDir: '/d', serverProfilePath: '/work/dc.json' },
    ],
    [
      ['--no-sandbox', '--enable-logging', '--inspect=0', '.'],
      { dataDir: null, serverProfilePath: null },
    ],
    [['--data-dirx', '/x'], { dataDir: null, serverProfilePath: null }],
  ])('%j', (argv, expected) => {
    expect(parseShellArgs(argv, '/work')).toEqual({ ok: true, args: expected });
  });

  it.each([[['--data-dir']], [['--data-dir', '--server-profile', 'x']], [['--server-profile=']]])(
    '%j is an error',
    (argv) => {
      const result = parseShellArgs(argv, '/work');
      expect(result.ok).toBe(false);
    },
  );
});

describe('parseServerProfile', () => {
  const sandbox = {
    kind: 'custom',
    label: 'Gramdeck sandbox',
    isSandbox: true,
    defaultDcId: 2,
    dcs: [{ id: 2, host: '127.0.0.1', port: 10443 }],
    rsaKeys: [{ fingerprint: '-123', n: 'abcdef', e: 65537 }],
  };

  it('accepts a valid profile', () => {
    expect(parseServerProfile(JSON.stringify(sandbox))).toEqual({ ok: true, profile: sandbox });
    expect(parseServerProfile('{"kind":"test"}')).toEqual({ ok: true, profile: { kind: 'test' } });
  });

  it.each([
    ['not json', /not valid JSON/],
    ['{"kind":"moon"}', /not valid/],
    [
      JSON.stringify({ ...sandbox, dcs: [{ id: 2, host: '127.0.0.1', port: 40000 }] }),
      /dcs\.0\.port/,
    ],
  ])('refuses %s', (text, message) => {
    const result = parseServerProfile(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});
