import { describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../../../electron/shared/dto';
import { sessionLabels } from './session-labels';

const now = Date.UTC(2026, 10, 29, 12, 0);
const session = (id: string, extra: Partial<SessionInfo> = {}): SessionInfo => ({
  id,
  isCurrent: false,
  deviceModel: 'Sandbox test',
  platform: '',
  systemVersion: 'test',
  appName: 'Gramdeck',
  appVersion: '1.0',
  ip: '127.0.0.1',
  country: '',
  createdAt: now - 60_000,
  activeAt: now - 60_000,
  ...extra,
});

describe('session labels', () => {
  it('names a session by device, app, IP and last activity', () => {
    const labels = sessionLabels([session('1', { deviceModel: 'Pixel 8', ip: '10.0.0.1' })], now);
    expect(labels.get('1')).toMatch(/^Pixel 8, Gramdeck 1\.0, 10\.0\.0\.1, last active /);
  });

  it('gives sessions that read alike different names', () => {
    const list = [
      session('1'),
      session('2', { createdAt: now - 3_600_000 }),
      session('3'),
      session('4', { ip: '10.0.0.2' }),
    ];
    const labels = [...sessionLabels(list, now, 'en-GB').values()];
    expect(new Set(labels).size).toBe(list.length);
    expect(labels[3]).not.toContain('signed in');
    expect(labels[0]).toContain('signed in');
    expect(labels[0]).toMatch(/, 1 of 2$/);
    expect(labels[2]).toMatch(/, 2 of 2$/);
    expect(labels[1]).not.toMatch(/of 2$/);
  });
});
