/**
 * Gramdeck's icon, drawn in code: a rounded indigo square holding a fanned deck of three cards.
 * The same drawing makes the installer icons in build/icons (test/unit/shell/icon-art.test.ts
 * writes them with UPDATE_ICONS=1) and, at runtime, the tray icon and the Windows taskbar badge,
 * so no binary image has to ship in the app bundle.
 */
import { deflateSync } from 'node:zlib';

export interface Bitmap {
  width: number;
  height: number;
  /** RGBA, 8 bits per channel, not premultiplied. */
  data: Uint8Array;
}

type Rgba = readonly [number, number, number, number];

/** Signed distance from (px, py) to a rounded rectangle centred at (cx, cy). */
function roundedRect(
  px: number,
  py: number,
  cx: number,
  cy: number,
  halfW: number,
  halfH: number,
  radius: number,
  angle = 0,
): number {
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const dx = px - cx;
  const dy = py - cy;
  const x = Math.abs(dx * cos + dy * sin) - halfW + radius;
  const y = Math.abs(-dx * sin + dy * cos) - halfH + radius;
  const outside = Math.hypot(Math.max(x, 0), Math.max(y, 0));
  return outside + Math.min(Math.max(x, y), 0) - radius;
}

function blend(under: Rgba, over: Rgba, coverage: number): Rgba {
  const a = (over[3] / 255) * coverage;
  const outA = a + (under[3] / 255) * (1 - a);
  if (outA === 0) return [0, 0, 0, 0];
  const mix = (i: 0 | 1 | 2) => (over[i] * a + under[i] * (under[3] / 255) * (1 - a)) / outA;
  return [mix(0), mix(1), mix(2), outA * 255];
}

/** Draws with `samples`² supersampling per pixel, for smooth edges. */
function render(size: number, shade: (x: number, y: number) => Rgba, samples = 4): Bitmap {
  const data = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy += 1) {
        for (let sx = 0; sx < samples; sx += 1) {
          const [cr, cg, cb, ca] = shade(
            (px + (sx + 0.5) / samples) / size,
            (py + (sy + 0.5) / samples) / size,
          );
          r += cr * ca;
          g += cg * ca;
          b += cb * ca;
          a += ca;
        }
      }
      const offset = (py * size + px) * 4;
      const n = samples * samples;
      data[offset] = a === 0 ? 0 : Math.round(r / a);
      data[offset + 1] = a === 0 ? 0 : Math.round(g / a);
      data[offset + 2] = a === 0 ? 0 : Math.round(b / a);
      data[offset + 3] = Math.round(a / n);
    }
  }
  return { width: size, height: size, data };
}

const coverage = (distance: number) => (distance <= 0 ? 1 : 0);

/** The app icon at `size` pixels (square). */
export function drawAppIcon(size: number): Bitmap {
  const top: Rgba = [92, 107, 245, 255];
  const bottom: Rgba = [53, 56, 176, 255];
  const cards: { angle: number; dx: number; color: Rgba }[] = [
    { angle: -0.32, dx: -0.07, color: [255, 255, 255, 120] },
    { angle: -0.12, dx: -0.02, color: [255, 255, 255, 180] },
    { angle: 0.1, dx: 0.04, color: [255, 255, 255, 255] },
  ];
  return render(size, (x, y) => {
    let color: Rgba = [0, 0, 0, 0];
    const body = roundedRect(x, y, 0.5, 0.5, 0.46, 0.46, 0.2);
    if (coverage(body) === 0) return color;
    const t = Math.min(1, Math.max(0, (y - 0.04) / 0.92));
    color = [
      top[0] + (bottom[0] - top[0]) * t,
      top[1] + (bottom[1] - top[1]) * t,
      top[2] + (bottom[2] - top[2]) * t,
      255,
    ];
    for (const card of cards) {
      const d = roundedRect(x, y, 0.5 + card.dx, 0.53, 0.16, 0.23, 0.035, card.angle);
      color = blend(color, card.color, coverage(d));
    }
    // A small accent dot on the front card.
    const dot = Math.hypot(x - 0.56, y - 0.42) - 0.045;
    return blend(color, [92, 107, 245, 255], coverage(dot));
  });
}

/** The Windows taskbar overlay: a red dot (the count itself goes in the accessible text). */
export function drawBadge(size: number): Bitmap {
  return render(size, (x, y) =>
    Math.hypot(x - 0.5, y - 0.5) <= 0.46 ? [229, 57, 53, 255] : [0, 0, 0, 0],
  );
}

const crcTable = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (crcTable[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, body: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, crc]);
}

/** Encodes an RGBA bitmap as a PNG file (colour type 6, no interlace). */
export function encodePng(bitmap: Bitmap): Buffer {
  const { width, height, data } = bitmap;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y += 1) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(data.buffer, data.byteOffset + y * width * 4, width * 4).copy(
      raw,
      y * (width * 4 + 1) + 1,
    );
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}
