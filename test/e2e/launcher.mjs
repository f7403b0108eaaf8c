#!/usr/bin/env node
// Runs an extension's mocha suite (the `run()` index that @vscode/test-electron loads as
// extensionTestsPath) inside a real VS Code, offline: the VS Code server from code-server runs the
// extension host (a Node process, the same as desktop VS Code's) and headless Chromium shows the
// web workbench, driven by playwright-core. `bash test/e2e/setup.sh` installs those tools.
//
//   node test/e2e/launcher.mjs --extension <dir> --tests <compiled index.js>
//        [--workspace <dir or .code-workspace>] [--timeout-s 300] [--tools <dir>]
//        [--screenshot <file.png>] [--logs <dir>] [--verbose]
//
// --extension is the folder with the extension's package.json: the repository, or an unpacked .vsix
// (its `extension/` folder). --screenshot (or env E2E_SCREENSHOT) lets the suite ask for a PNG of the
// workbench: see requestScreenshot in suite/extension.e2e.ts. --logs copies the VS Code server's and the
// workbench's log files there when the run ends.
//
// Exit code: 0 the tests passed, 1 they failed, 2 they could not run (no tools, the server or the
// browser did not start, time-out, signal). No process outlives the launcher.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { format, parseArgs } from 'node:util';

const PASSED = 0;
const FAILED = 1;
const CANNOT_RUN = 2;
/** The line the suite logs to ask for a screenshot; see test/e2e/suite/index.ts. */
const SCREENSHOT_REQUEST = '[vscode-e2e:screenshot]';
const VIEWPORT = { width: 1280, height: 800 };
const USAGE =
  'usage: launcher.mjs --extension <dir> --tests <compiled mocha index.js> [--workspace <dir>] ' +
  '[--timeout-s 300] [--tools <dir>] [--screenshot <file.png>] [--logs <dir>] [--verbose]';

const say = (...args) => console.log('[e2e]', ...args);
class CannotRun extends Error {}

let options;
try {
  options = parseArgs({
    options: {
      extension: { type: 'string' },
      tests: { type: 'string' },
      workspace: { type: 'string' },
      'timeout-s': { type: 'string', default: '300' },
      tools: { type: 'string' },
      screenshot: { type: 'string' },
      logs: { type: 'string' },
      verbose: { type: 'boolean', default: false },
    },
  }).values;
} catch (error) {
  console.error(`[e2e] ERROR: ${error.message}\n${USAGE}`);
  process.exit(CANNOT_RUN);
}
const verbose = options.verbose;

/** --tools, $E2E_TOOLS, a .e2e-tools folder in or above the extension or the current folder, the shared cache. */
function toolsDirectory() {
  const given = options.tools ?? process.env.E2E_TOOLS;
  if (given) return path.resolve(given);
  const candidates = [];
  for (const start of [path.resolve(options.extension ?? '.'), process.cwd()]) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      candidates.push(path.join(dir, '.e2e-tools'));
      if (path.dirname(dir) === dir) break;
    }
  }
  candidates.push(path.join(os.homedir(), '.cache', 'vscode-e2e-tools'));
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'paths.json'))) ?? candidates[0];
}

function readTools(dir) {
  const file = path.join(dir, 'paths.json');
  if (!fs.existsSync(file)) throw new CannotRun(`no tools in ${dir}: run test/e2e/setup.sh (or set E2E_TOOLS)`);
  const tools = JSON.parse(fs.readFileSync(file, 'utf8'));
  for (const key of ['node', 'serverMain', 'playwrightCore', 'chromium']) {
    if (!tools[key] || !fs.existsSync(tools[key])) {
      throw new CannotRun(`${file}: ${key} (${tools[key]}) is missing; rerun test/e2e/setup.sh`);
    }
  }
  return tools;
}

/** The environment without the variables of a VS Code this may run in (its terminal sets them). */
function cleanEnvironment(extra) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('VSCODE_') && name !== 'ELECTRON_RUN_AS_NODE'),
  );
  return { ...env, ...extra };
}

/**
 * Starts the VS Code server in a process group of its own: stopping the group also stops the
 * extension host and the language servers it started.
 */
function startServer(tools, scratch, screenshot, remember) {
  const server = spawn(
    tools.node,
    [
      tools.serverMain,
      '--host=127.0.0.1',
      '--port=0',
      '--without-connection-token',
      '--accept-server-license-terms',
      // The workbench then takes extensionDevelopmentPath/extensionTestsPath from the URL's payload.
      '--enable-smoke-test-driver',
      '--disable-workspace-trust',
      '--disable-telemetry',
      '--disable-experiments',
      `--server-data-dir=${path.join(scratch, 'server-data')}`,
      '--log=info',
    ],
    {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: cleanEnvironment({
        TMPDIR: path.join(scratch, 'tmp'), // its sockets and scratch files
        ...(screenshot ? { VSCODE_E2E_SCREENSHOT: screenshot } : {}),
      }),
    },
  );
  const port = new Promise((resolve, reject) => {
    const onOutput = (chunk) => {
      const text = chunk.toString();
      remember(text);
      if (verbose) process.stdout.write(text.replace(/^(?=.)/gm, '[server] '));
      const listening = /Extension host agent listening on (\d+)/.exec(text);
      if (listening) resolve(Number(listening[1]));
    };
    server.stdout.on('data', onOutput);
    server.stderr.on('data', onOutput);
    server.once('error', reject);
    server.once('exit', (code, signal) => reject(new Error(`the VS Code server exited (${signal ?? code})`)));
  });
  return { server, port };
}

async function stopServer(server) {
  const signalGroup = (signal) => {
    try {
      process.kill(-server.pid, signal);
    } catch {
      // the group is gone
    }
  };
  if (server.exitCode === null && server.signalCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    signalGroup('SIGTERM');
    const force = setTimeout(() => signalGroup('SIGKILL'), 5000);
    await exited;
    clearTimeout(force);
  }
  signalGroup('SIGKILL'); // anything of the group that outlived the server
}

function copyLogs(scratch, browserLogs, target) {
  fs.mkdirSync(target, { recursive: true });
  const serverLogs = path.join(scratch, 'server-data', 'data', 'logs');
  if (fs.existsSync(serverLogs)) fs.cpSync(serverLogs, path.join(target, 'server'), { recursive: true });
  for (const { relativePath, contents } of browserLogs) {
    const file = path.join(target, 'workbench', relativePath);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, contents);
  }
  say(`logs copied to ${target}`);
}

async function main() {
  const started = performance.now();
  const seconds = (since) => ((performance.now() - since) / 1000).toFixed(1);
  const timeoutSeconds = Number(options['timeout-s']);
  if (!options.extension || !options.tests || !(timeoutSeconds > 0)) throw new CannotRun(USAGE);
  const extension = path.resolve(options.extension);
  const tests = path.resolve(options.tests);
  if (!fs.existsSync(path.join(extension, 'package.json'))) throw new CannotRun(`no package.json in ${extension}`);
  if (!fs.existsSync(tests)) throw new CannotRun(`not found: ${tests} (compile the tests first)`);
  const workspaceOption = options.workspace && path.resolve(options.workspace);
  if (workspaceOption && !fs.existsSync(workspaceOption)) throw new CannotRun(`not found: ${workspaceOption}`);
  const screenshotOption = options.screenshot ?? process.env.E2E_SCREENSHOT;
  const screenshot = screenshotOption ? path.resolve(screenshotOption) : undefined;
  const tools = readTools(toolsDirectory());
  const { chromium } = createRequire(import.meta.url)(tools.playwrightCore);

  // Anything that ends the run early (time-out, signal, the server or the page dying) rejects
  // `aborted`; every wait races against it.
  let abort;
  const aborted = new Promise((_, reject) => {
    abort = (reason) => reject(new CannotRun(reason));
  });
  aborted.catch(() => {});
  const orAbort = (promise) => Promise.race([promise, aborted]);
  const timer = setTimeout(() => abort(`timed out after ${timeoutSeconds} s`), timeoutSeconds * 1000);
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const onSignal = (signal) => abort(`stopped by ${signal}`);
  for (const signal of signals) process.on(signal, onSignal);

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bulkhead-e2e-'));
  fs.mkdirSync(path.join(scratch, 'tmp'));
  const workspace = workspaceOption ?? path.join(scratch, 'workspace');
  if (!workspaceOption) fs.mkdirSync(workspace);

  const serverOutput = [];
  const rememberServerOutput = (text) => serverOutput.push(text) > 200 && serverOutput.shift();
  const workbenchLines = [];
  const workbenchLog = (line) => {
    if (verbose) console.log(`[workbench] ${line}`);
    else if (workbenchLines.push(line) > 500) workbenchLines.shift();
  };
  let server;
  let browserServer;
  let page;
  let browserLogs = [];
  let extensionHostLines = 0;
  let pendingScreenshot = Promise.resolve();
  try {
    const starting = startServer(tools, scratch, screenshot, rememberServerOutput);
    server = starting.server;
    const port = await orAbort(starting.port);
    server.once('exit', () => abort('the VS Code server exited'));
    say(`VS Code server on port ${port} (pid ${server.pid}) after ${seconds(started)} s`);

    browserServer = await orAbort(
      chromium.launchServer({
        executablePath: tools.chromium,
        args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
        env: cleanEnvironment({
          XDG_CONFIG_HOME: path.join(scratch, 'tmp'),
          XDG_CACHE_HOME: path.join(scratch, 'tmp'),
        }),
        handleSIGINT: false, // the finally block below closes it
        handleSIGTERM: false,
        handleSIGHUP: false,
      }),
    );
    say(`Chromium pid ${browserServer.process().pid}`);
    const browser = await orAbort(chromium.connect(browserServer.wsEndpoint()));
    page = await orAbort(browser.newPage({ viewport: VIEWPORT }));
    page.on('crash', () => abort('the workbench page crashed'));
    page.on('pageerror', (error) => workbenchLog(`page error: ${error.message}`));

    // In extension-test mode the workbench passes every line it logs to window.codeAutomationLog
    // and the extension host's exit code to window.codeAutomationExit. The extension host's console
    // (the tests' output, mocha's reporter included) is what MainThreadConsole.$logExtensionHostMessage
    // logs, so those lines are told apart by their stack.
    let onExit;
    const exitCode = new Promise((resolve) => {
      onExit = resolve;
    });
    await page.exposeFunction('bulkheadE2eLog', (args, fromExtensionHost) => {
      const line = format(...(Array.isArray(args) ? args : [args]));
      if (!fromExtensionHost) return workbenchLog(line);
      extensionHostLines++;
      if (line.startsWith(SCREENSHOT_REQUEST)) {
        pendingScreenshot = pendingScreenshot.then(() => takeScreenshot(line.slice(SCREENSHOT_REQUEST.length)));
        return;
      }
      console.log(line);
    });
    await page.exposeFunction('codeAutomationExit', (code, logs) => {
      browserLogs = Array.isArray(logs) ? logs : [];
      onExit(code === 0 ? PASSED : FAILED);
    });
    await page.addInitScript(() => {
      window.codeAutomationLog = (_level, args) => {
        const depth = Error.stackTraceLimit;
        Error.stackTraceLimit = 60;
        const stack = new Error().stack ?? '';
        Error.stackTraceLimit = depth;
        window.bulkheadE2eLog(args, stack.includes('$logExtensionHostMessage'));
      };
    });

    // Called when the suite asks; the suite waits for the file to appear.
    const takeScreenshot = async (json) => {
      if (!screenshot) return;
      try {
        const request = JSON.parse(json.trim() || '{}');
        if (request.waitFor) await page.locator(request.waitFor).first().waitFor({ state: 'visible', timeout: 10_000 });
        await page.waitForTimeout(request.settleMs ?? 300); // widgets fade in
        // A request may name a sibling file of the --screenshot one: several shots in one run.
        const target = request.name ? path.join(path.dirname(screenshot), path.basename(request.name)) : screenshot;
        fs.mkdirSync(path.dirname(target), { recursive: true });
        const partial = `${target}.partial.png`;
        await page.screenshot({ path: partial, type: 'png' });
        fs.renameSync(partial, target);
        say(`screenshot saved to ${target} (${Math.round(fs.statSync(target).size / 1024)} KiB)`);
      } catch (error) {
        console.error(`[e2e] screenshot failed: ${error.message}`);
      }
    };

    const remote = (file) => `vscode-remote://127.0.0.1:${port}${pathToFileURL(file).pathname}`;
    const url = new URL(`http://127.0.0.1:${port}/`);
    url.searchParams.set(workspace.endsWith('.code-workspace') ? 'workspace' : 'folder', workspace);
    url.searchParams.set(
      'payload',
      JSON.stringify([
        ['extensionDevelopmentPath', remote(extension)],
        ['extensionTestsPath', remote(tests)],
        ['skipWelcome', 'true'],
      ]),
    );
    say(`opening the workbench on ${workspace}`);
    const opening = performance.now();
    await orAbort(page.goto(url.href));
    const code = await orAbort(exitCode);
    await pendingScreenshot;
    if (extensionHostLines === 0 && !verbose) {
      say("nothing was recognised as the extension host's output; the workbench logged:");
      console.log(workbenchLines.join('\n'));
    }
    say(
      `${code === PASSED ? 'tests passed' : 'tests FAILED'}: workbench + tests ${seconds(opening)} s, ` +
        `whole run ${seconds(started)} s`,
    );
    return code;
  } catch (error) {
    if (workbenchLines.length > 0)
      console.error(`[e2e] last workbench log lines:\n${workbenchLines.slice(-50).join('\n')}`);
    console.error(`[e2e] last VS Code server output:\n${serverOutput.join('').slice(-4000)}`);
    throw error instanceof CannotRun ? error : new CannotRun(error?.stack ?? String(error));
  } finally {
    // Signals stay handled until everything is stopped, so Ctrl-C cannot orphan the server.
    clearTimeout(timer);
    if (browserServer) await browserServer.close().catch(() => browserServer.kill());
    if (server) await stopServer(server);
    if (options.logs) copyLogs(scratch, browserLogs, path.resolve(options.logs));
    fs.rmSync(scratch, { recursive: true, force: true });
    for (const signal of signals) process.off(signal, onSignal);
  }
}

// Exits explicitly: nothing the run started may keep this process alive.
process.exit(
  await main().catch((error) => {
    console.error(`[e2e] ERROR: ${error instanceof CannotRun ? error.message : (error?.stack ?? error)}`);
    return CANNOT_RUN;
  }),
);
