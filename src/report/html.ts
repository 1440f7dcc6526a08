import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PageModel } from './model';
import { DATA_ELEMENT_ID } from './pageIds';

/** The page's script and style as built into media/ (`node esbuild.mjs` bundles the script). */
export interface PageAssets {
  readonly script: string;
  readonly style: string;
}

/** Files of the page in media/, loaded by the webview and inlined into the HTML report. */
export const PAGE_SCRIPT = 'preview.js';
export const PAGE_STYLE = 'preview.css';

/** Finds media/ above this module (bundled, compiled and source layouts differ in depth). */
export function mediaDir(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'media', PAGE_STYLE))) {
      return path.join(dir, 'media');
    }
    if (path.dirname(dir) === dir) {
      throw new Error(`media/${PAGE_STYLE} not found above ${__dirname}`);
    }
  }
}

export function readPageAssets(dir = mediaDir()): PageAssets {
  const script = path.join(dir, PAGE_SCRIPT);
  if (!fs.existsSync(script)) {
    throw new Error(
      `${script} is missing: run "node esbuild.mjs" (npm run build) to bundle the page.`,
    );
  }
  return {
    script: fs.readFileSync(script, 'utf8'),
    style: fs.readFileSync(path.join(dir, PAGE_STYLE), 'utf8'),
  };
}

export function newNonce(): string {
  return crypto.randomBytes(18).toString('base64');
}

/**
 * JSON that is safe inside `<script type="application/json">`: `<` cannot close the element and
 * U+2028/2029 cannot end a line, whatever the data holds.
 */
export function embedJson(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);

function page(options: {
  mode: 'webview' | 'standalone';
  csp: string;
  title: string;
  head: string;
  body: string;
}): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${options.csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
${options.head}
</head>
<body data-mode="${options.mode}">
<main id="app"><p class="note">Loading the preview…</p></main>
<noscript>This page needs JavaScript to show the preview.</noscript>
${options.body}
</body>
</html>
`;
}

export interface WebviewPageOptions {
  /** `webview.cspSource`. */
  readonly cspSource: string;
  readonly nonce: string;
  /** `asWebviewUri` of media/preview.js and media/preview.css. */
  readonly scriptUri: string;
  readonly styleUri: string;
}

/** The webview's HTML: no data in it; the data arrives as a `show` message (or from saved state). */
export function buildWebviewHtml(o: WebviewPageOptions): string {
  return page({
    mode: 'webview',
    csp: `default-src 'none'; script-src 'nonce-${o.nonce}'; style-src ${o.cspSource} 'nonce-${o.nonce}'; img-src ${o.cspSource} data:`,
    title: 'SQL Patterns preview',
    head: `<link rel="stylesheet" href="${escapeHtml(o.styleUri)}">`,
    body: `<script nonce="${o.nonce}" src="${escapeHtml(o.scriptUri)}"></script>`,
  });
}

const sha256 = (text: string) =>
  `'sha256-${crypto.createHash('sha256').update(text).digest('base64')}'`;

/**
 * One self-contained HTML file: style and script inlined (allowed by hash, nothing else may run),
 * the model embedded as JSON. Opens offline in any browser.
 */
export function buildStandaloneHtml(model: PageModel, assets: PageAssets): string {
  // Inline text must not close its own element early.
  const script = assets.script.replace(/<\/(script)/gi, '<\\/$1');
  const style = assets.style.replace(/<\/(style)/gi, '<\\/$1');
  return page({
    mode: 'standalone',
    csp: `default-src 'none'; script-src ${sha256(script)}; style-src ${sha256(style)}; img-src data:`,
    title: `${model.title} preview: ${model.source}`,
    // The page follows the browser's light or dark preference; in VS Code the theme decides.
    head: `<meta name="color-scheme" content="light dark">\n<style>${style}</style>`,
    body:
      `<script type="application/json" id="${DATA_ELEMENT_ID}">${embedJson(model)}</script>\n` +
      `<script>${script}</script>`,
  });
}
