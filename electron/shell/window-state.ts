/**
 * The main window's position and size, remembered between runs. The saved bounds are clamped to
 * the displays that exist now, so a window saved on a monitor that was since unplugged reappears
 * on a visible one.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rectangle;
  isMaximized: boolean;
}

export const DEFAULT_WINDOW_SIZE = { width: 1200, height: 800 } as const;

/** How much of the window must be visible for saved bounds to be kept (the title bar, say). */
const MIN_VISIBLE = { width: 120, height: 60 } as const;

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Reads a saved state, accepting nothing that is not exactly the expected shape. */
export function parseWindowState(value: unknown): WindowState | null {
  if (typeof value !== 'object' || value === null) return null;
  const { bounds, isMaximized } = value as Record<string, unknown>;
  if (typeof bounds !== 'object' || bounds === null) return null;
  const { x, y, width, height } = bounds as Record<string, unknown>;
  if (
    !isFiniteNumber(x) ||
    !isFiniteNumber(y) ||
    !isFiniteNumber(width) ||
    !isFiniteNumber(height)
  ) {
    return null;
  }
  if (width <= 0 || height <= 0) return null;
  return {
    bounds: {
      x: Math.round(x),
      y: Math.round(y),
      width: Math.round(width),
      height: Math.round(height),
    },
    isMaximized: isMaximized === true,
  };
}

function intersection(a: Rectangle, b: Rectangle): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { width: Math.max(0, width), height: Math.max(0, height) };
}

function centerIn(area: Rectangle, width: number, height: number): Rectangle {
  const w = Math.min(width, area.width);
  const h = Math.min(height, area.height);
  return {
    x: area.x + Math.round((area.width - w) / 2),
    y: area.y + Math.round((area.height - h) / 2),
    width: w,
    height: h,
  };
}

/**
 * Where to open the window. `workAreas` are the displays' work areas, the primary one first.
 * - no (valid) saved bounds: the default size, centred on the primary display;
 * - saved bounds barely visible on every display: the saved size, centred on the primary;
 * - otherwise: the saved bounds, shrunk to fit and moved fully onto the display showing most
 *   of the window.
 */
export function clampWindowBounds(
  saved: Rectangle | null,
  workAreas: readonly Rectangle[],
  minSize: { width: number; height: number } = { width: 0, height: 0 },
): Rectangle {
  const primary = workAreas[0];
  if (primary === undefined) {
    return saved ?? { x: 0, y: 0, ...DEFAULT_WINDOW_SIZE };
  }
  if (saved === null)
    return centerIn(primary, DEFAULT_WINDOW_SIZE.width, DEFAULT_WINDOW_SIZE.height);

  const width = Math.max(minSize.width, saved.width);
  const height = Math.max(minSize.height, saved.height);
  const sized: Rectangle = { x: saved.x, y: saved.y, width, height };
  let best: Rectangle | null = null;
  let bestArea = 0;
  for (const area of workAreas) {
    const overlap = intersection(sized, area);
    const size = overlap.width * overlap.height;
    if (
      overlap.width >= MIN_VISIBLE.width &&
      overlap.height >= MIN_VISIBLE.height &&
      size > bestArea
    ) {
      best = area;
      bestArea = size;
    }
  }
  if (best === null) return centerIn(primary, width, height);

  const w = Math.min(width, best.width);
  const h = Math.min(height, best.height);
  const x = Math.min(Math.max(saved.x, best.x), best.x + best.width - w);
  const y = Math.min(Math.max(saved.y, best.y), best.y + best.height - h);
  return { x, y, width: w, height: h };
}

const FILE_NAME = 'window-state.json';

/** Loads the saved state from `dataDir`; a missing or damaged file just means "no state". */
export function loadWindowState(dataDir: string): WindowState | null {
  try {
    return parseWindowState(JSON.parse(readFileSync(join(dataDir, FILE_NAME), 'utf8')));
  } catch {
    return null;
  }
}

/** Saves the state atomically (write then rename), readable by its owner only. */
export function saveWindowState(dataDir: string, state: WindowState): void {
  const file = join(dataDir, FILE_NAME);
  const temp = `${file}.tmp`;
  writeFileSync(temp, `${JSON.stringify(state)}\n`, { mode: 0o600 });
  renameSync(temp, file);
}
