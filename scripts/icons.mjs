#!/usr/bin/env node
/**
 * Renders every icon from the one source, build/icon.svg, with Debian's Chromium
 * (playwright-core; no browser download). Outputs, committed under build/icons/:
 *   app/<N>x<N>.png        app icon, N = 16…1024 (Linux uses the folder as is)
 *   icon.ico               Windows (PNG-compressed entries 16…256)
 *   icon.icns              macOS (PNG entries 16…1024)
 *   tray/tray-<state>-16.png, -16@2x.png, -32.png, -32@2x.png   Windows/Linux tray
 *   tray/tray-<state>Template.png, Template@2x.png              macOS menu bar (monochrome)
 * States: idle, pending, offline, signed-out, error — each its own glyph, never colour alone.
 * Run: node scripts/icons.mjs   (CHROMIUM_PATH overrides /usr/bin/chromium)
 */
import { chromium } from 'playwright-core';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'build', 'icons');
const source = await readFile(path.join(root, 'build', 'icon.svg'), 'utf8');

function pathData(id) {
  const match = new RegExp(`<path[^>]*\\bid="${id}"[^>]*\\bd="([^"]+)"`).exec(source) ?? new RegExp(`<path[^>]*\\bd="([^"]+)"[^>]*\\bid="${id}"`).exec(source);
  if (!match) throw new Error(`build/icon.svg has no <path id="${id}">`);
  return match[1];
}
const SHIELD = pathData('shield');
const CHECK = pathData('check');

const STATES = ['idle', 'pending', 'offline', 'signed-out', 'error'];
const COLORS = { shield: '#0f6cbd', muted: '#6e6e6e', pending: '#f7a600', error: '#c42b1c' };

/**
 * One tray glyph in the shield's own coordinates (viewBox framed tightly around it so it
 * fills 16 px). `template`: black on transparent only (macOS tints it).
 */
function traySvg(state, px, template) {
  const ink = (color) => (template ? '#000' : color);
  const badge = { cx: 356, cy: 356, r: 74 };
  const solid = state === 'idle' || state === 'pending' || state === 'error';
  const hasBadge = state === 'pending' || state === 'error';
  // Cut-outs (the check, the ring around a badge) are transparent, so they read on any panel.
  const mask = `<mask id="cut" maskUnits="userSpaceOnUse" x="0" y="0" width="512" height="512">
      <rect width="512" height="512" fill="#fff"/>
      ${solid ? `<path d="${CHECK}" fill="none" stroke="#000" stroke-width="48" stroke-linecap="round" stroke-linejoin="round"/>` : ''}
      ${hasBadge ? `<circle cx="${badge.cx}" cy="${badge.cy}" r="${badge.r + 22}" fill="#000"/>` : ''}
      ${state === 'offline' ? '<path d="M96 96 L420 420" stroke="#000" stroke-width="84" stroke-linecap="round"/>' : ''}
    </mask>`;
  const shield = solid
    ? `<path d="${SHIELD}" fill="${ink(COLORS.shield)}" mask="url(#cut)"/>`
    : `<path d="${SHIELD}" fill="none" stroke="${ink(COLORS.muted)}" stroke-width="40" stroke-linejoin="round" mask="url(#cut)"/>`;
  let extra = '';
  if (state === 'pending') extra = `<circle cx="${badge.cx}" cy="${badge.cy}" r="${badge.r}" fill="${ink(COLORS.pending)}"/>`;
  if (state === 'error') {
    // A filled badge with an exclamation mark cut through it.
    extra = `<mask id="bang" maskUnits="userSpaceOnUse" x="0" y="0" width="512" height="512"><rect width="512" height="512" fill="#fff"/>
        <path d="M${badge.cx} ${badge.cy - 44} V${badge.cy + 8}" stroke="#000" stroke-width="28" stroke-linecap="round"/>
        <circle cx="${badge.cx}" cy="${badge.cy + 40}" r="15" fill="#000"/></mask>
      <circle cx="${badge.cx}" cy="${badge.cy}" r="${badge.r}" fill="${ink(COLORS.error)}" mask="url(#bang)"/>`;
  }
  if (state === 'offline') extra = `<path d="M112 112 L404 404" stroke="${ink(COLORS.muted)}" stroke-width="40" stroke-linecap="round"/>`;
  if (state === 'signed-out') {
    // A keyhole: signed out means a key is missing.
    extra = `<circle cx="256" cy="226" r="40" fill="${ink(COLORS.muted)}"/><path d="M234 240 L278 240 L292 330 L220 330 Z" fill="${ink(COLORS.muted)}"/>`;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="76 76 360 360" width="${px}" height="${px}">${mask}${shield}${extra}</svg>`;
}

function appSvg(px) {
  return source.replace(/<svg\b([^>]*?)\swidth="[^"]*"\s+height="[^"]*"/, `<svg$1 width="${px}" height="${px}"`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1024, height: 1024 }, deviceScaleFactor: 1 });

async function render(svg, px) {
  await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
  return page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: px, height: px } });
}

/** ICO with PNG-compressed entries (Windows Vista and later read them). */
function ico(images) {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    const at = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, at);
    header.writeUInt8(size >= 256 ? 0 : size, at + 1);
    header.writeUInt16LE(1, at + 4); // colour planes
    header.writeUInt16LE(32, at + 6); // bits per pixel
    header.writeUInt32LE(png.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((i) => i.png)]);
}

/** ICNS with PNG entries, keyed by Apple's OSType per pixel size. */
function icns(pngBySize) {
  const types = [['icp4', 16], ['icp5', 32], ['icp6', 64], ['ic07', 128], ['ic08', 256], ['ic09', 512], ['ic10', 1024], ['ic11', 32], ['ic12', 64], ['ic13', 256], ['ic14', 512]];
  const chunks = types.map(([type, size]) => {
    const png = pngBySize.get(size);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(8 + png.length, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + chunks.reduce((n, c) => n + c.length, 0), 4);
  return Buffer.concat([head, ...chunks]);
}

try {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(path.join(outDir, 'app'), { recursive: true });
  await mkdir(path.join(outDir, 'tray'), { recursive: true });

  const appSizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
  const appPngs = new Map();
  for (const size of appSizes) {
    const png = await render(appSvg(size), size);
    appPngs.set(size, png);
    await writeFile(path.join(outDir, 'app', `${size}x${size}.png`), png);
  }
  await writeFile(path.join(outDir, 'icon.ico'), ico([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, png: appPngs.get(size) }))));
  await writeFile(path.join(outDir, 'icon.icns'), icns(appPngs));

  for (const state of STATES) {
    for (const [base, scale, suffix] of [[16, 1, '-16'], [16, 2, '-16@2x'], [32, 1, '-32'], [32, 2, '-32@2x']]) {
      await writeFile(path.join(outDir, 'tray', `tray-${state}${suffix}.png`), await render(traySvg(state, base * scale, false), base * scale));
    }
    await writeFile(path.join(outDir, 'tray', `tray-${state}Template.png`), await render(traySvg(state, 16, true), 16));
    await writeFile(path.join(outDir, 'tray', `tray-${state}Template@2x.png`), await render(traySvg(state, 32, true), 32));
  }
  console.log(`icons written to ${path.relative(root, outDir)}/`);
} finally {
  await browser.close();
}
