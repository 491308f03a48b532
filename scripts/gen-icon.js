#!/usr/bin/env node
'use strict';
// Draws the app icon (assets/icon.png, 512x512): a rounded tile with a few
// timeline lanes of coloured spans, the app's own palette. electron-builder
// derives the platform icons from it. Run: node scripts/gen-icon.js
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const S = 512;
const px = new Uint8Array(S * S * 4);
const hex = (c) => [(c >> 16) & 255, (c >> 8) & 255, c & 255];

function inRoundRect(x, y, x0, y0, x1, y1, r) {
  if (x < x0 || x >= x1 || y < y0 || y >= y1) return false;
  const cx = x < x0 + r ? x0 + r : x >= x1 - r ? x1 - r - 1 : x;
  const cy = y < y0 + r ? y0 + r : y >= y1 - r ? y1 - r - 1 : y;
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function fill(x0, y0, x1, y1, r, color) {
  const [R, G, B] = hex(color);
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      if (!inRoundRect(x, y, x0, y0, x1, y1, r)) continue;
      const i = (y * S + x) * 4;
      px[i] = R;
      px[i + 1] = G;
      px[i + 2] = B;
      px[i + 3] = 255;
    }
  }
}

// Tile.
fill(16, 16, 496, 496, 96, 0x1d2330);
// Lanes: [start, end, colour] in 0..1 of the lane width (running, runnable, chan, sync, syscall).
const lanes = [
  [[0.0, 0.34, 0x3aa757], [0.37, 0.55, 0xe8a33d], [0.58, 1.0, 0x3aa757]],
  [[0.0, 0.12, 0xe8a33d], [0.15, 0.62, 0x4a90d9], [0.65, 1.0, 0x3aa757]],
  [[0.0, 0.46, 0x3aa757], [0.49, 0.78, 0x9b6bd6], [0.81, 1.0, 0xe8a33d]],
  [[0.0, 0.22, 0xd9534f], [0.25, 0.7, 0x3aa757], [0.73, 1.0, 0x4a90d9]],
];
const left = 84;
const width = 344;
lanes.forEach((spans, k) => {
  const y = 112 + k * 78;
  for (const [a, b, c] of spans) fill(Math.round(left + a * width), y, Math.round(left + b * width), y + 52, 12, c);
});
// A cursor line.
fill(300, 92, 308, 420, 3, 0xf4f5f7);

// PNG: RGBA, one filter byte per row.
const raw = Buffer.alloc(S * (S * 4 + 1));
for (let y = 0; y < S; y++) {
  raw[y * (S * 4 + 1)] = 0;
  Buffer.from(px.buffer, y * S * 4, S * 4).copy(raw, y * (S * 4 + 1) + 1);
}
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 255] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const c = Buffer.alloc(4);
  c.writeUInt32BE(crc(td));
  return Buffer.concat([len, td, c]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(S, 0);
ihdr.writeUInt32BE(S, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
  chunk('IHDR', ihdr),
  chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = path.join(__dirname, '..', 'assets', 'icon.png');
fs.writeFileSync(out, png);
console.log(`wrote ${out} (${png.length} bytes)`);
