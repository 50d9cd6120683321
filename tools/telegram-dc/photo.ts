import { deflateSync } from 'node:zlib';
import { crc32 } from './crc32';

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length, 0);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body), 0);
  return Buffer.concat([len, body, crc]);
}

/**
 * A tiny solid-colour PNG used as an account's profile photo, generated instead of committing
 * binary fixtures. `color` is "#rrggbb".
 */
export function solidPng(color: string, size = 32): Buffer {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (!m) throw new Error(`bad colour ${color}`);
  const rgb = [m[1], m[2], m[3]].map((h) => parseInt(h ?? '0', 16));
  const row = Buffer.alloc(1 + size * 3);
  for (let x = 0; x < size; x++) {
    row[1 + x * 3] = rgb[0] ?? 0;
    row[2 + x * 3] = rgb[1] ?? 0;
    row[3 + x * 3] = rgb[2] ?? 0;
  }
  const raw = Buffer.concat(Array.from({ length: size }, () => row));
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// Chats and messages (issue 16)
/** Standard (ITU T.81 Annex K) DC Huffman codes per size category: luminance, then chrominance. */
const DC_LUMA = ['00', '010', '011', '100', '101', '110', '1110', '11110', '111110', '1111110'];
const DC_CHROMA = ['00', '01', '10', '110', '1110', '11110', '111110', '1111110', '11111110'];
const EOB_LUMA = '1010';
const EOB_CHROMA = '00';

function dcBits(diff: number, table: readonly string[]): string {
  const size = diff === 0 ? 0 : Math.floor(Math.log2(Math.abs(diff))) + 1;
  const value = diff >= 0 ? diff : diff + (1 << size) - 1;
  return (table[size] ?? '') + (size > 0 ? value.toString(2).padStart(size, '0') : '');
}

/**
 * A solid-colour stripped thumbnail (`photoStrippedSize`, type `i`) of 16×16: Telegram's format,
 * a byte 1, height and width, then the scan of a baseline JPEG whose header (quantization and
 * Huffman tables, 4:2:0 sampling) every client holds. One MCU: four luminance blocks and one of
 * each chrominance, each with only its DC coefficient.
 */
export function strippedThumb(color: string): Buffer {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (!m) throw new Error(`bad colour ${color}`);
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => parseInt(h ?? '0', 16)) as [
    number,
    number,
    number,
  ];
  const y = 0.299 * r + 0.587 * g + 0.114 * b;
  const cb = 128 - 0.168736 * r - 0.331264 * g + 0.5 * b;
  const cr = 128 + 0.5 * r - 0.418688 * g - 0.081312 * b;
  // DC coefficient of a constant block is 8 × (value − 128), divided by the tables' first entry.
  const dcY = Math.round((8 * (y - 128)) / 40);
  const dcCb = Math.round((8 * (cb - 128)) / 43);
  const dcCr = Math.round((8 * (cr - 128)) / 43);
  let bits = dcBits(dcY, DC_LUMA) + EOB_LUMA;
  for (let i = 0; i < 3; i++) bits += dcBits(0, DC_LUMA) + EOB_LUMA;
  bits += dcBits(dcCb, DC_CHROMA) + EOB_CHROMA + dcBits(dcCr, DC_CHROMA) + EOB_CHROMA;
  bits = bits.padEnd(Math.ceil(bits.length / 8) * 8, '1');
  const scan: number[] = [];
  for (let i = 0; i < bits.length; i += 8) {
    const byte = parseInt(bits.slice(i, i + 8), 2);
    scan.push(byte);
    if (byte === 0xff) scan.push(0);
  }
  return Buffer.from([1, 16, 16, ...scan]);
}
