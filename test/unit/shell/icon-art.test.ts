/**
 * The icon drawing and the PNG encoder. The committed icons in build/ are this drawing; to
 * regenerate them after changing it:
 *   UPDATE_ICONS=1 npx vitest run test/unit/shell/icon-art.test.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { drawAppIcon, drawBadge, encodePng, type Bitmap } from '../../../electron/shell/icon-art';

const build = join(import.meta.dirname, '..', '..', '..', 'build');
const outputs: [string, number][] = [
  ['icon.png', 512],
  ['icons/512x512.png', 512],
  ['icons/256x256.png', 256],
  ['icons/128x128.png', 128],
  ['icons/64x64.png', 64],
  ['icons/32x32.png', 32],
];

/** A minimal PNG reader for what encodePng writes (RGBA, 8 bit, filter 0). */
function decodePng(png: Buffer): Bitmap {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.subarray(offset + 4, offset + 8).toString('latin1');
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      expect([body[8], body[9]]).toEqual([8, 6]);
    } else if (type === 'IDAT') {
      idat.push(body);
    }
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y += 1) {
    expect(raw[y * (width * 4 + 1)]).toBe(0);
    data.set(raw.subarray(y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1)), y * width * 4);
  }
  return { width, height, data };
}

describe('icon art', () => {
  it.runIf(process.env.UPDATE_ICONS === '1')(
    'regenerates build/ icons',
    () => {
      for (const [file, size] of outputs)
        writeFileSync(join(build, file), encodePng(drawAppIcon(size)));
    },
    120_000,
  );

  it('encodes PNGs that decode back to the same pixels', () => {
    const bitmap = drawAppIcon(24);
    const decoded = decodePng(encodePng(bitmap));
    expect(decoded.width).toBe(24);
    expect(Buffer.from(decoded.data)).toEqual(Buffer.from(bitmap.data));
  });

  it('the committed small icons are exactly this drawing', () => {
    for (const [file, size] of outputs.filter(([, s]) => s <= 64)) {
      expect(readFileSync(join(build, file)).equals(encodePng(drawAppIcon(size))), file).toBe(true);
    }
  });

  it('the icon has transparent corners and an opaque middle', () => {
    const { data, width } = drawAppIcon(64);
    const alpha = (x: number, y: number) => data[(y * width + x) * 4 + 3];
    expect(alpha(0, 0)).toBe(0);
    expect(alpha(63, 63)).toBe(0);
    expect(alpha(32, 32)).toBe(255);
  });

  it('the badge is a red dot', () => {
    const { data, width } = drawBadge(16);
    const at = (x: number, y: number) => [
      ...data.subarray((y * width + x) * 4, (y * width + x) * 4 + 4),
    ];
    expect(at(8, 8)).toEqual([229, 57, 53, 255]);
    expect(at(0, 0)[3]).toBe(0);
  });
});
