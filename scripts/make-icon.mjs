#!/usr/bin/env node
// Draws the extension's icon, media/icon.png (128×128, RGBA), with a PNG encoder of its own (node:zlib): three users'
// event timelines, each split into sessions (coloured pills) with its events as dots. Re-running writes the same
// bytes. usage: node scripts/make-icon.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const SIZE = 128;
const SAMPLES = 4; // per axis: 16 samples a pixel smooth the edges
const BACKGROUND = [0x1b, 0x2b, 0x45];
const DOT = [0xff, 0xff, 0xff];
// One row per user: its sessions as [start x, end x, colour, event xs].
const ROWS = [
  {
    y: 38,
    sessions: [
      [16, 60, [0xf2, 0xb1, 0x34], [26, 38, 50]],
      [78, 112, [0x3c, 0xc6, 0xb8], [88, 102]],
    ],
  },
  {
    y: 64,
    sessions: [
      [16, 44, [0x3c, 0xc6, 0xb8], [26, 34]],
      [62, 112, [0xef, 0x6f, 0x6c], [72, 82, 92, 102]],
    ],
  },
  {
    y: 90,
    sessions: [
      [16, 72, [0xef, 0x6f, 0x6c], [26, 38, 50, 62]],
      [90, 112, [0xf2, 0xb1, 0x34], [101]],
    ],
  },
];
const PILL_HALF_HEIGHT = 9;
const DOT_RADIUS = 4;

/** Signed distance from (x, y) to a rounded rectangle (negative inside). */
function roundedRect(x, y, x0, y0, x1, y1, r) {
  const dx = Math.max(x0 + r - x, 0, x - (x1 - r));
  const dy = Math.max(y0 + r - y, 0, y - (y1 - r));
  const outside = Math.hypot(dx, dy);
  return outside > 0 ? outside - r : Math.max(x0 - x, x - x1, y0 - y, y - y1);
}

/** The colour (RGBA) at a sample point: shapes painted back to front. */
function sample(x, y) {
  if (roundedRect(x, y, 0, 0, SIZE, SIZE, 24) > 0) {
    return [0, 0, 0, 0];
  }
  let colour = BACKGROUND;
  for (const row of ROWS) {
    for (const [x0, x1, fill, dots] of row.sessions) {
      const h = PILL_HALF_HEIGHT;
      if (roundedRect(x, y, x0, row.y - h, x1, row.y + h, h) <= 0) {
        colour = fill;
      }
      if (dots.some(dx => Math.hypot(x - dx, y - row.y) <= DOT_RADIUS)) {
        colour = DOT;
      }
    }
  }
  return [...colour, 255];
}

function pixels() {
  const rows = [];
  for (let py = 0; py < SIZE; py++) {
    const row = Buffer.alloc(1 + SIZE * 4); // filter byte 0 (none), then RGBA
    for (let px = 0; px < SIZE; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const c = sample(px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES);
          // Premultiplied sums, so transparent corners do not darken the edge.
          for (let i = 0; i < 3; i++) {
            sum[i] += c[i] * c[3];
          }
          sum[3] += c[3];
        }
      }
      const alpha = sum[3] / SAMPLES ** 2;
      for (let i = 0; i < 3; i++) {
        row[1 + px * 4 + i] = alpha ? Math.round(sum[i] / sum[3]) : 0;
      }
      row[1 + px * 4 + 3] = Math.round(alpha);
    }
    rows.push(row);
  }
  return Buffer.concat(rows);
}

function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A PNG file: signature, IHDR (8-bit RGBA, no interlace), one zlib IDAT, IEND. */
function encodePng(width, height, rgbaRows) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rgbaRows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'media', 'icon.png');
fs.writeFileSync(out, encodePng(SIZE, SIZE, pixels()));
process.stdout.write(`${path.relative(process.cwd(), out)}: ${SIZE}x${SIZE}\n`);
