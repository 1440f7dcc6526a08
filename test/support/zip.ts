// A minimal reader of zip archives (a VSIX is one): the central directory's entries and their bytes, stored or
// deflated. Enough to inspect our own packages without a dependency; no zip64, no encryption.
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';

export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  /** CRC-32 of the uncompressed bytes, as the archive records it. */
  readonly crc32: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export class ZipFile {
  readonly entries: ReadonlyMap<string, ZipEntry>;

  constructor(private readonly data: Buffer) {
    // The end-of-central-directory record is in the last 22 + 65535 (comment) bytes.
    let eocd = -1;
    for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 0xffff); i--) {
      if (data.readUInt32LE(i) === EOCD) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) {
      throw new Error('not a zip archive: no end-of-central-directory record');
    }
    const count = data.readUInt16LE(eocd + 10);
    let at = data.readUInt32LE(eocd + 16);
    const entries = new Map<string, ZipEntry>();
    for (let n = 0; n < count; n++) {
      if (data.readUInt32LE(at) !== CENTRAL) {
        throw new Error(`corrupt central directory at byte ${at}`);
      }
      const nameLength = data.readUInt16LE(at + 28);
      const name = data.toString('utf8', at + 46, at + 46 + nameLength);
      entries.set(name, {
        name,
        method: data.readUInt16LE(at + 10),
        crc32: data.readUInt32LE(at + 16),
        compressedSize: data.readUInt32LE(at + 20),
        size: data.readUInt32LE(at + 24),
        localHeaderOffset: data.readUInt32LE(at + 42),
      });
      at += 46 + nameLength + data.readUInt16LE(at + 30) + data.readUInt16LE(at + 32);
    }
    this.entries = entries;
  }

  static open(file: string): ZipFile {
    return new ZipFile(fs.readFileSync(file));
  }

  get names(): string[] {
    return [...this.entries.keys()];
  }

  /** The entry's bytes; with `limit`, only about its first `limit` bytes (enough for a binary's headers). */
  read(name: string, limit?: number): Buffer {
    const entry = this.entries.get(name);
    if (!entry) {
      throw new Error(`${name} is not in the archive`);
    }
    const at = entry.localHeaderOffset;
    if (this.data.readUInt32LE(at) !== LOCAL) {
      throw new Error(`corrupt local header of ${name}`);
    }
    const start = at + 30 + this.data.readUInt16LE(at + 26) + this.data.readUInt16LE(at + 28);
    const raw = this.data.subarray(start, start + entry.compressedSize);
    if (entry.method === 0) {
      return limit === undefined ? raw : raw.subarray(0, limit);
    }
    if (entry.method !== 8) {
      throw new Error(`${name}: unsupported compression method ${entry.method}`);
    }
    if (limit === undefined) {
      return zlib.inflateRawSync(raw);
    }
    // A prefix of a deflate stream inflates to a prefix of the file; SYNC_FLUSH returns it without an error.
    return zlib.inflateRawSync(raw.subarray(0, limit), {
      finishFlush: zlib.constants.Z_SYNC_FLUSH,
    });
  }
}
