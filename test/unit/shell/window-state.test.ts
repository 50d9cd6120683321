import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  clampWindowBounds,
  DEFAULT_WINDOW_SIZE,
  loadWindowState,
  parseWindowState,
  saveWindowState,
  type Rectangle,
} from '../../../electron/shell/window-state';

const laptop: Rectangle = { x: 0, y: 0, width: 1440, height: 875 };
const rightMonitor: Rectangle = { x: 1440, y: 0, width: 2560, height: 1400 };
const leftMonitor: Rectangle = { x: -1920, y: 0, width: 1920, height: 1050 };
const min = { width: 720, height: 480 };

describe('clampWindowBounds', () => {
  it.each<[string, Rectangle | null, Rectangle[], Rectangle]>([
    [
      'no saved state: default size, centred on the primary',
      null,
      [laptop],
      { x: 120, y: 38, ...DEFAULT_WINDOW_SIZE },
    ],
    [
      'fully visible: kept as saved',
      { x: 100, y: 50, width: 1000, height: 700 },
      [laptop],
      { x: 100, y: 50, width: 1000, height: 700 },
    ],
    [
      'on a second monitor that still exists: kept',
      { x: 2000, y: 100, width: 1200, height: 900 },
      [laptop, rightMonitor],
      { x: 2000, y: 100, width: 1200, height: 900 },
    ],
    [
      'on a monitor that was unplugged: centred on the primary',
      { x: 2000, y: 100, width: 1200, height: 800 },
      [laptop],
      { x: 120, y: 38, width: 1200, height: 800 },
    ],
    [
      'on a monitor left of the primary (negative x): kept',
      { x: -1500, y: 100, width: 1000, height: 700 },
      [laptop, leftMonitor],
      { x: -1500, y: 100, width: 1000, height: 700 },
    ],
    [
      'half off the right edge: moved fully onto the display',
      { x: 1000, y: 100, width: 1000, height: 700 },
      [laptop],
      { x: 440, y: 100, width: 1000, height: 700 },
    ],
    [
      'above the top edge: moved down',
      { x: 100, y: -300, width: 1000, height: 700 },
      [laptop],
      { x: 100, y: 0, width: 1000, height: 700 },
    ],
    [
      'larger than the display: shrunk to the work area',
      { x: 0, y: 0, width: 3000, height: 2000 },
      [laptop],
      { x: 0, y: 0, width: 1440, height: 875 },
    ],
    [
      'only a sliver visible: treated as lost',
      { x: 1400, y: 100, width: 1000, height: 700 },
      [laptop],
      { x: 220, y: 88, width: 1000, height: 700 },
    ],
    [
      'smaller than the minimum: grown',
      { x: 10, y: 10, width: 100, height: 100 },
      [laptop],
      { x: 10, y: 10, width: 720, height: 480 },
    ],
    [
      'straddling two monitors: kept on the one showing most',
      { x: 1000, y: 100, width: 1200, height: 800 },
      [laptop, rightMonitor],
      { x: 1440, y: 100, width: 1200, height: 800 },
    ],
  ])('%s', (_name, saved, areas, expected) => {
    expect(clampWindowBounds(saved, areas, min)).toEqual(expected);
  });

  it('without any display, falls back to the saved or default bounds', () => {
    expect(clampWindowBounds(null, [])).toEqual({ x: 0, y: 0, ...DEFAULT_WINDOW_SIZE });
  });

  it('always returns a window inside some work area', () => {
    const areas = [laptop, rightMonitor, leftMonitor];
    for (let x = -4000; x <= 5000; x += 250) {
      for (let y = -2000; y <= 3000; y += 250) {
        for (const [width, height] of [
          [800, 600],
          [5000, 3000],
          [100, 100],
        ] as const) {
          const result = clampWindowBounds({ x, y, width, height }, areas, min);
          const inside = areas.some(
            (a) =>
              result.x >= a.x &&
              result.y >= a.y &&
              result.x + result.width <= a.x + a.width &&
              result.y + result.height <= a.y + a.height,
          );
          expect(inside, JSON.stringify({ x, y, width, height, result })).toBe(true);
        }
      }
    }
  });
});

describe('parseWindowState', () => {
  it.each([
    [
      { bounds: { x: 1, y: 2, width: 3, height: 4 }, isMaximized: true },
      { bounds: { x: 1, y: 2, width: 3, height: 4 }, isMaximized: true },
    ],
    [
      { bounds: { x: 1.4, y: 2.6, width: 300, height: 400 } },
      { bounds: { x: 1, y: 3, width: 300, height: 400 }, isMaximized: false },
    ],
    [{ bounds: { x: 1, y: 2, width: 0, height: 4 } }, null],
    [{ bounds: { x: 'a', y: 2, width: 3, height: 4 } }, null],
    [{ bounds: { x: Infinity, y: 2, width: 3, height: 4 } }, null],
    [{ bounds: null }, null],
    [null, null],
    ['{}', null],
  ])('%j → %j', (input, expected) => {
    expect(parseWindowState(input)).toEqual(expected);
  });
});

describe('load and save', () => {
  it('round-trips through a 0600 file and survives damage', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gramdeck-window-'));
    try {
      expect(loadWindowState(dir)).toBeNull();
      const state = { bounds: { x: 5, y: 6, width: 900, height: 700 }, isMaximized: false };
      saveWindowState(dir, state);
      expect(loadWindowState(dir)).toEqual(state);
      expect(statSync(join(dir, 'window-state.json')).mode & 0o777).toBe(0o600);
      expect(JSON.parse(readFileSync(join(dir, 'window-state.json'), 'utf8'))).toEqual(state);
      writeFileSync(join(dir, 'window-state.json'), '{not json');
      expect(loadWindowState(dir)).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
