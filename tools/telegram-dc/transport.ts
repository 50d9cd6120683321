import { createCipheriv, randomBytes, type Cipher } from 'node:crypto';
import { crc32 } from './crc32';

/** MTProto TCP transports the DC recognises from a connection's first bytes. */
export type TransportKind = 'abridged' | 'intermediate' | 'padded' | 'full';

/** A transport as detected: the framing plus whether obfuscation2 wraps it. */
export interface DetectedTransport {
  kind: TransportKind;
  obfuscated: boolean;
}

/** Thrown for bytes that no MTProto transport could have produced. */
export class TransportError extends Error {}

const TAG_ABRIDGED = 0xef;
const TAG_INTERMEDIATE = 0xeeeeeeee;
const TAG_PADDED = 0xdddddddd;
/** Packets larger than this are refused: nothing in the login API comes close. */
const MAX_PACKET = 4 * 1024 * 1024;

/**
 * Per-connection framing state. Feed it raw socket bytes with {@link push}; it returns complete
 * MTProto payloads. {@link encode} frames outgoing payloads the same way the client framed its own.
 * The transport is auto-detected from the first bytes like Telegram does:
 * `0xef` abridged, `0xeeeeeeee` intermediate, `0xdddddddd` padded intermediate, a zero sequence
 * number at bytes 4..8 means full, and anything else is a 64-byte obfuscation2 header.
 */
export class TransportCodec {
  private buffer: Buffer = Buffer.alloc(0);
  private detected: DetectedTransport | undefined;
  private decrypt: Cipher | undefined;
  private encrypt: Cipher | undefined;
  private recvSeq = 0;
  private sendSeq = 0;
  /** The DC id an obfuscated client asked for in its header (informational). */
  requestedDc: number | undefined;

  /** The transport once detected. */
  get transport(): DetectedTransport | undefined {
    return this.detected;
  }

  /** Consumes socket bytes and returns every complete payload. Throws {@link TransportError}. */
  push(chunk: Buffer): Buffer[] {
    const plain = this.decrypt ? this.decrypt.update(chunk) : chunk;
    this.buffer = this.buffer.length === 0 ? plain : Buffer.concat([this.buffer, plain]);
    if (!this.detected && !this.detect()) return [];
    const out: Buffer[] = [];
    for (;;) {
      const packet = this.nextPacket();
      if (!packet) break;
      out.push(packet);
    }
    return out;
  }

  private detect(): boolean {
    const b = this.buffer;
    if (b.length >= 1 && b[0] === TAG_ABRIDGED) {
      this.detected = { kind: 'abridged', obfuscated: false };
      this.buffer = b.subarray(1);
      return true;
    }
    if (b.length < 8) return false;
    const first = b.readUInt32LE(0);
    if (first === TAG_INTERMEDIATE || first === TAG_PADDED) {
      this.detected = { kind: first === TAG_PADDED ? 'padded' : 'intermediate', obfuscated: false };
      this.buffer = b.subarray(4);
      return true;
    }
    if (b.readUInt32LE(4) === 0) {
      // Full transport: length then sequence number 0. Obfuscated clients never send zero there.
      this.detected = { kind: 'full', obfuscated: false };
      return true;
    }
    if (b.length < 64) return false;
    const header = b.subarray(0, 64);
    const decKey = header.subarray(8, 40);
    const decIv = header.subarray(40, 56);
    const reversed = Buffer.from(header.subarray(8, 56)).reverse();
    this.decrypt = createCipheriv('aes-256-ctr', decKey, decIv);
    this.encrypt = createCipheriv(
      'aes-256-ctr',
      reversed.subarray(0, 32),
      reversed.subarray(32, 48),
    );
    const decrypted = this.decrypt.update(header);
    const tag = decrypted.readUInt32LE(56);
    const kind: TransportKind | undefined =
      tag === 0xefefefef
        ? 'abridged'
        : tag === TAG_INTERMEDIATE
          ? 'intermediate'
          : tag === TAG_PADDED
            ? 'padded'
            : undefined;
    if (!kind) throw new TransportError('unknown obfuscated protocol tag');
    this.requestedDc = decrypted.readInt16LE(60);
    this.detected = { kind, obfuscated: true };
    const rest = b.subarray(64);
    this.buffer = rest.length ? this.decrypt.update(rest) : Buffer.alloc(0);
    return true;
  }

  private nextPacket(): Buffer | undefined {
    const b = this.buffer;
    const d = this.detected;
    if (!d) return undefined;
    let headerLen: number;
    let len: number;
    if (d.kind === 'abridged') {
      if (b.length < 1) return undefined;
      const first = (b[0] ?? 0) & 0x7f; // the high bit asks for a quick ack, which we do not send
      if (first < 0x7f) {
        headerLen = 1;
        len = first * 4;
      } else {
        if (b.length < 4) return undefined;
        headerLen = 4;
        len = (b.readUIntLE(1, 3) >>> 0) * 4;
      }
    } else if (d.kind === 'full') {
      if (b.length < 4) return undefined;
      const total = b.readInt32LE(0);
      if (total < 12 || total > MAX_PACKET)
        throw new TransportError(`bad full-transport length ${total}`);
      if (b.length < total) return undefined;
      const frame = b.subarray(0, total);
      this.buffer = b.subarray(total);
      const seq = frame.readInt32LE(4);
      if (seq !== this.recvSeq) throw new TransportError(`bad full-transport seq ${seq}`);
      this.recvSeq++;
      const body = frame.subarray(0, total - 4);
      if (crc32(body) !== frame.readUInt32LE(total - 4)) throw new TransportError('bad CRC32');
      return Buffer.from(frame.subarray(8, total - 4));
    } else {
      if (b.length < 4) return undefined;
      headerLen = 4;
      len = b.readInt32LE(0) & 0x7fffffff;
    }
    if (len > MAX_PACKET) throw new TransportError(`packet too large: ${len}`);
    if (b.length < headerLen + len) return undefined;
    const payload = Buffer.from(b.subarray(headerLen, headerLen + len));
    this.buffer = b.subarray(headerLen + len);
    return d.kind === 'padded' ? stripPadding(payload) : payload;
  }

  /** Frames (and if needed encrypts) one outgoing payload. */
  encode(payload: Buffer): Buffer {
    const d = this.detected;
    if (!d) throw new TransportError('transport not detected yet');
    let frame: Buffer;
    if (d.kind === 'abridged') {
      const words = payload.length >> 2;
      const head =
        words < 0x7f
          ? Buffer.from([words])
          : Buffer.from([0x7f, words & 0xff, (words >> 8) & 0xff, (words >> 16) & 0xff]);
      frame = Buffer.concat([head, payload]);
    } else if (d.kind === 'full') {
      const head = Buffer.alloc(8);
      head.writeInt32LE(payload.length + 12, 0);
      head.writeInt32LE(this.sendSeq++, 4);
      const body = Buffer.concat([head, payload]);
      const crc = Buffer.alloc(4);
      crc.writeUInt32LE(crc32(body), 0);
      frame = Buffer.concat([body, crc]);
    } else {
      const padding =
        d.kind === 'padded' ? randomBytes(Math.floor(Math.random() * 16)) : Buffer.alloc(0);
      const head = Buffer.alloc(4);
      head.writeInt32LE(payload.length + padding.length, 0);
      frame = Buffer.concat([head, payload, padding]);
    }
    return this.encrypt ? this.encrypt.update(frame) : frame;
  }
}

/**
 * Padded intermediate appends 0-15 random bytes the length does not tell apart. MTProto payloads
 * are self-delimiting, so recover the real length: encrypted messages are 24 + 16k bytes, plain
 * ones carry their own length at offset 16, and transport errors are exactly 4 bytes.
 */
function stripPadding(payload: Buffer): Buffer {
  if (payload.length < 24) return payload;
  const keyIdIsZero = payload.readBigUInt64LE(0) === 0n;
  if (keyIdIsZero)
    return payload.subarray(0, Math.min(payload.length, 20 + payload.readInt32LE(16)));
  return payload.subarray(0, 24 + Math.floor((payload.length - 24) / 16) * 16);
}
