/**
 * The workbench page the extension host runs under, seen from a test: scripts/vscode-host/run-tests.mjs
 * serves it on loopback at SQLPATTERNS_HOST_PAGE (page.evaluate and element screenshots), so a test
 * can read what VS Code rendered, e.g. a chat answer in the Chat view.
 */

function bridge(): string {
  const url = process.env.SQLPATTERNS_HOST_PAGE;
  if (url === undefined) {
    throw new Error(
      'SQLPATTERNS_HOST_PAGE is not set: run these tests with `npm run test:host` (scripts/vscode-host/run-tests.mjs)',
    );
  }
  return url;
}

async function call<T>(route: string, body: object): Promise<T> {
  const response = await fetch(`${bridge()}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const reply = (await response.json()) as { error?: string } & T;
  if (reply.error !== undefined) {
    throw new Error(`workbench page ${route}: ${reply.error}`);
  }
  return reply;
}

/** The value of a JavaScript expression evaluated in the workbench page (JSON-serialisable). */
export async function evaluate<T>(expression: string): Promise<T> {
  return (await call<{ value: T }>('/evaluate', { expression })).value;
}

/** Evaluates `expression` until it gives a truthy value, which is returned; fails after `ms`. */
export async function waitFor<T>(expression: string, what: string, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await evaluate<T>(expression);
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}

/** Saves a screenshot of the first element matching `selector` as <--shots>/<name>.png (when asked for). */
export async function screenshot(name: string, selector: string): Promise<string | null> {
  return (await call<{ path: string | null }>('/screenshot', { name, selector })).path;
}

/** Resizes the browser window the workbench runs in (1280×800 at the start of a run). */
export async function resizeWindow(width: number, height: number): Promise<void> {
  await call('/viewport', { width, height });
}
