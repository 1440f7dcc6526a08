#!/usr/bin/env node
// Runs a mocha suite inside a real VS Code extension host, offline (see docs/vscode-host.md).
// The VS Code server bundled in code-server runs on Node 24 with --enable-smoke-test-driver; headless Debian chromium
// opens its web workbench with extensionDevelopmentPath/extensionTestsPath in the `payload` URL parameter; the
// extension host requires the tests module, awaits its run() and reports the exit code to the page, which calls
// window.codeAutomationExit(code). Exit status: 0 tests passed, 1 tests failed or the host failed, 2 bad usage.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const USAGE =
  'usage: node scripts/vscode-host/run-tests.mjs --extension <dir> --tests <compiled tests index.js>\n' +
  '         [--with-extension <dir>]... [--workspace <dir>] [--timeout-ms N] [--screenshot <file.png>]\n' +
  '         [--shots <dir>] [--verbose]';
const BROWSER_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

// Workbench chatter printed through the same console as the extension host's output (VS Code 1.139.1, offline).
const NOISE = [
  /^Failed to load resource/,
  /^Manifest fetch from/,
  /^A bad HTTP response code/,
  /\[Service Worker\]/,
  /ENOTFOUND|ERR_NAME_NOT_RESOLVED/,
  /^Canceled/,
  /^The web worker extension host is started/,
  /both allow-scripts and allow-same-origin/,
  /^(Resolving|Resolved) connection token/,
  /^Creating a socket/,
  /^Updating additional builtin extensions cache/,
  /^\[(reconnection-grace-time|AgentHost[^\]]*|ChatModelSelection|AccountPolicyGate)\]/,
];
// The workbench log service prefixes each message with a styled level: ('%c INFO', 'color: #33f', message, ...args).
const LEVEL_PREFIX = /^%c\s*(TRACE|DEBUG|INFO|WARN|ERR)\s+color: #\w+ /;

const log = msg => process.stderr.write(`[vscode-host] ${msg}\n`);
const seconds = t0 => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
const sleep = ms => new Promise(r => setTimeout(r, ms));
/** Waits for p, but at most ms, without keeping the process alive. */
const within = (p, ms) => Promise.race([p, new Promise(r => setTimeout(r, ms).unref())]);

function usageError(msg) {
  process.stderr.write(`run-tests: ${msg}\n${USAGE}\n`);
  process.exit(2);
}

function readOptions() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        extension: { type: 'string' },
        'with-extension': { type: 'string', multiple: true, default: [] },
        tests: { type: 'string' },
        workspace: { type: 'string' },
        'timeout-ms': { type: 'string', default: '600000' },
        screenshot: { type: 'string' },
        shots: { type: 'string' },
        verbose: { type: 'boolean', default: false },
      },
    }));
  } catch (e) {
    usageError(e.message);
  }
  const existing = (name, kind, value = values[name]) => {
    if (value === undefined) {
      return undefined;
    }
    const p = path.resolve(value);
    const st = fs.statSync(p, { throwIfNoEntry: false });
    if (!st || (kind === 'dir' ? !st.isDirectory() : !st.isFile())) {
      usageError(`--${name}: no such ${kind === 'dir' ? 'directory' : 'file'}: ${p}`);
    }
    return p;
  };
  const extension = existing('extension', 'dir') ?? usageError('--extension is required');
  const tests = existing('tests', 'file') ?? usageError('--tests is required');
  // Extensions installed beside the one under test, e.g. a fixture that contributes languages.
  const withExtensions = values['with-extension'].map(dir =>
    existing('with-extension', 'dir', dir),
  );
  for (const [name, dir] of [
    ['extension', extension],
    ...withExtensions.map(d => ['with-extension', d]),
  ]) {
    if (!fs.existsSync(path.join(dir, 'package.json'))) {
      usageError(`--${name}: ${dir} has no package.json`);
    }
  }
  const timeoutMs = Number(values['timeout-ms']);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    usageError(`--timeout-ms must be a positive integer, got ${values['timeout-ms']}`);
  }
  const screenshot = values.screenshot && path.resolve(values.screenshot);
  const shots = values.shots && path.resolve(values.shots);
  if (shots) {
    fs.mkdirSync(shots, { recursive: true });
  }
  return {
    shots,
    extension,
    withExtensions,
    tests,
    workspace: existing('workspace', 'dir'),
    timeoutMs,
    screenshot,
    verbose: values.verbose,
  };
}

/** Runs install.sh (a no-op taking milliseconds once the cache is complete) and returns the paths it prints. */
function ensureHost() {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'install.sh');
  const r = spawnSync('bash', [script], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(`${script} failed (exit ${r.status ?? r.signal}); see its messages above`);
  }
  const host = Object.fromEntries(
    r.stdout
      .trim()
      .split('\n')
      .map(l => l.split(/=(.*)/s, 2)),
  );
  if (!host.NODE || !host.SERVER_MAIN || !host.CHROMIUM) {
    throw new Error(`${script} did not print the NODE, SERVER_MAIN and CHROMIUM paths`);
  }
  return host;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url, server, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.signalCode !== null) {
      throw new Error(
        `VS Code server exited during start-up (${server.exitCode ?? server.signalCode})`,
      );
    }
    try {
      const res = await fetch(url);
      if (res.ok) {
        return;
      }
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`VS Code server did not answer ${url} within ${timeoutMs} ms`);
}

/** True while any process of the group is alive. */
function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The server spawns fileWatcher/agentHost/ext-host children that outlive a plain kill: end its whole group. */
async function killGroup(pgid) {
  for (const [signal, waitMs] of [
    ['SIGTERM', 5000],
    ['SIGKILL', 2000],
  ]) {
    if (!groupAlive(pgid)) {
      return;
    }
    try {
      process.kill(-pgid, signal);
    } catch {
      return;
    }
    for (const end = Date.now() + waitMs; Date.now() < end && groupAlive(pgid);) {
      await sleep(100);
    }
  }
  if (groupAlive(pgid)) {
    log(`WARNING: processes of group ${pgid} survived SIGKILL`);
  }
}

/**
 * Lets tests in the extension host look at the workbench they run in (the Chat view's rendered
 * answer): a loopback HTTP server whose address the host gets as SQLPATTERNS_HOST_PAGE.
 * POST /evaluate {expression} answers {value} of page.evaluate(expression) or {error};
 * POST /screenshot {name, selector} saves the element as <--shots>/<name>.png and answers {path}
 * (nothing without --shots); POST /viewport {width, height} resizes the window. See
 * test/integration/workbenchPage.ts.
 */
function startPageBridge(getPage, shots) {
  const answer = async (route, body) => {
    const page = getPage();
    if (!page) {
      throw new Error('the workbench page is not open yet');
    }
    if (route === '/evaluate') {
      return { value: await page.evaluate(body.expression) };
    }
    if (route === '/screenshot') {
      if (!shots || !/^[\w.-]+$/.test(body.name ?? '')) {
        return { path: null };
      }
      const file = path.join(shots, `${body.name}.png`);
      await page.locator(body.selector).first().screenshot({ path: file, timeout: 10000 });
      return { path: file };
    }
    if (route === '/viewport') {
      await page.setViewportSize({ width: body.width, height: body.height });
      return {};
    }
    throw new Error(`unknown route ${route}`);
  };
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', chunk => (text += chunk));
    req.on('end', () => {
      const reply = (status, body) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      Promise.resolve()
        .then(() => answer(req.url, JSON.parse(text || '{}')))
        .then(
          body => reply(200, body),
          e => reply(500, { error: e.message }),
        );
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.unref();
      resolve(`http://127.0.0.1:${server.address().port}`);
    });
  });
}

/** What this run started; cleanup() ends all of it whichever way the run ends. */
const started = { tmp: undefined, server: undefined, browser: undefined, stopping: false };

async function cleanup() {
  if (started.stopping) {
    return;
  }
  started.stopping = true;
  await within(
    started.browser?.close().catch(() => {}),
    10000,
  );
  if (started.server?.pid) {
    await killGroup(started.server.pid);
  }
  if (started.tmp) {
    fs.rmSync(started.tmp, { recursive: true, force: true });
  }
  // Nothing left for cleanupSync (a recycled process group id must not be killed).
  started.server = started.tmp = undefined;
}

/** Last resort when the process exits before cleanup() could run to its end. */
function cleanupSync() {
  if (started.server?.pid) {
    try {
      process.kill(-started.server.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  if (started.tmp) {
    fs.rmSync(started.tmp, { recursive: true, force: true });
  }
}

/** The environment for the server and the browser: nothing of a surrounding VS Code, scratch dirs in tmp. */
function isolatedEnv(tmp) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.startsWith('VSCODE_') && k !== 'ELECTRON_RUN_AS_NODE',
    ),
  );
  // Otherwise IPC sockets, device ids and chromium's crash database are left behind in /tmp and $HOME.
  for (const [k, dir] of [
    ['TMPDIR', 'tmp'],
    ['XDG_CONFIG_HOME', 'config'],
    ['XDG_CACHE_HOME', 'cache'],
    ['XDG_DATA_HOME', 'data'],
  ]) {
    env[k] = path.join(tmp, dir);
    fs.mkdirSync(env[k]);
  }
  return env;
}

/**
 * Puts each extra extension into the fresh extensions folder as an installed one: the server takes
 * one development extension only, and indexes this folder's contents on its first start.
 */
function installBeside(extensionsDir, dirs) {
  for (const dir of dirs) {
    const { publisher, name, version } = JSON.parse(
      fs.readFileSync(path.join(dir, 'package.json'), 'utf8'),
    );
    fs.cpSync(dir, path.join(extensionsDir, `${publisher}.${name}-${version}`), {
      recursive: true,
    });
  }
}

function startServer(host, port, env, logFile, withExtensions) {
  const state = path.join(started.tmp, 'state');
  installBeside(path.join(state, 'extensions'), withExtensions);
  const out = fs.openSync(logFile, 'a');
  const server = spawn(
    host.NODE,
    [
      host.SERVER_MAIN,
      ...['--host', '127.0.0.1', '--port', String(port)],
      '--without-connection-token',
      '--accept-server-license-terms',
      // Without it the built workbench ignores the payload (extensionDevelopmentPath/extensionTestsPath).
      '--enable-smoke-test-driver',
      '--disable-telemetry',
      '--disable-workspace-trust',
      ...['--server-data-dir', state, '--user-data-dir', state],
      ...['--extensions-dir', path.join(state, 'extensions')],
    ],
    // detached = setsid: the server leads a process group of its own, which killGroup() ends.
    { detached: true, stdio: ['ignore', out, out], env },
  );
  fs.closeSync(out);
  server.on('error', () => {}); // a failed spawn shows up as an early exit in waitForHttp
  return server;
}

/** Opens the workbench with the test payload; resolves to { code } from the extension host, or { error }. */
async function runInWorkbench(page, opts, port) {
  let finish;
  const finished = new Promise(resolve => (finish = resolve));
  await page.exposeFunction('codeAutomationExit', code => finish({ code }));
  page.on('crash', () => finish({ error: 'the workbench page crashed' }));
  started.server.on(
    'exit',
    (c, s) =>
      started.stopping || finish({ error: `VS Code server exited while tests ran (${s ?? c})` }),
  );
  const timer = setTimeout(
    () => finish({ error: `tests did not finish within ${opts.timeoutMs} ms (--timeout-ms)` }),
    opts.timeoutMs,
  );

  // Serialized so that output keeps its order although reading the arguments is asynchronous.
  let printed = Promise.resolve();
  let hidden = 0;
  page.on('console', msg => {
    const text = msg.text().replace(LEVEL_PREFIX, '');
    if (!opts.verbose && NOISE.some(re => re.test(text))) {
      hidden++;
      return;
    }
    printed = printed.then(async () => {
      const args = await Promise.all(
        msg.args().map(a => a.jsonValue().catch(() => '[unserializable]')),
      );
      if (typeof args[0] === 'string' && LEVEL_PREFIX.test(`${args[0]} ${args[1]} `)) {
        args.splice(0, 2);
      }
      // Messages of the browser itself (failed requests) have no arguments.
      process.stdout.write(`${args.length ? format(...args) : text}\n`);
    });
  });

  const remote = p =>
    `vscode-remote://127.0.0.1:${port}${p.split('/').map(encodeURIComponent).join('/')}`;
  const query = new URLSearchParams({
    payload: JSON.stringify([
      ['extensionDevelopmentPath', remote(opts.extension)],
      ['extensionTestsPath', remote(opts.tests)],
    ]),
  });
  if (opts.workspace) {
    query.set('folder', opts.workspace);
  }
  page
    .goto(`http://127.0.0.1:${port}/?${query}`)
    .catch(e => finish({ error: `cannot open the workbench: ${e.message}` }));
  const result = await finished;
  clearTimeout(timer);
  // The last lines of the reporter may still be on their way.
  await within(
    printed.then(() => sleep(250)),
    5000,
  );
  if (hidden) {
    log(`${hidden} lines of workbench chatter hidden (--verbose shows them)`);
  }
  return result;
}

async function main() {
  const opts = readOptions();
  const t0 = Date.now();
  process.on('exit', cleanupSync);
  for (const [sig, status] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ]) {
    process.once(sig, () => {
      log(`${sig}: stopping`);
      void cleanup().finally(() => process.exit(status));
    });
  }

  let result;
  let serverLog;
  try {
    const host = ensureHost();
    started.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlpatterns-host-'));
    serverLog = path.join(started.tmp, 'server.log');
    const env = isolatedEnv(started.tmp);
    let page;
    // The server passes its environment on to the extension host, where the tests read it.
    const serverEnv = {
      ...env,
      SQLPATTERNS_HOST_PAGE: await startPageBridge(() => page, opts.shots),
    };
    const port = await freePort();
    started.server = startServer(host, port, serverEnv, serverLog, opts.withExtensions);
    await waitForHttp(`http://127.0.0.1:${port}/version`, started.server, 60000);
    log(`server up on port ${port} after ${seconds(t0)}`);

    started.browser = await chromium.launchPersistentContext(path.join(started.tmp, 'browser'), {
      executablePath: host.CHROMIUM,
      headless: true,
      args: BROWSER_ARGS,
      env,
      // cleanup() closes the browser before the server; playwright's own handlers would race it.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      viewport: { width: 1280, height: 800 },
    });
    page = started.browser.pages()[0] ?? (await started.browser.newPage());
    log('opening the workbench');
    result = await runInWorkbench(page, opts, port);
    if (result.code !== 0 && opts.screenshot) {
      await page
        .screenshot({ path: opts.screenshot, timeout: 10000 })
        .then(() => log(`screenshot: ${opts.screenshot}`))
        .catch(e => log(`screenshot failed: ${e.message}`));
    }
  } catch (e) {
    result = { error: e.message };
  }

  if (result.error) {
    log(`ERROR: ${result.error}`);
  } else {
    log(`extension tests exited with code ${result.code} after ${seconds(t0)}`);
  }
  if ((result.error || opts.verbose) && serverLog && fs.existsSync(serverLog)) {
    const lines = fs.readFileSync(serverLog, 'utf8').trimEnd().split('\n');
    log(`last lines of the VS Code server log:\n${lines.slice(-40).join('\n')}`);
  }
  await cleanup();
  log(`done in ${seconds(t0)}`);
  return result.code === 0 ? 0 : 1;
}

process.exitCode = await main();
