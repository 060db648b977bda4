// One browser session per engine, behind the small interface the smoke checks use (smoke.mjs):
// open a page, run a function in it, type into an element as a reader would, read errors, close.
// Firefox: puppeteer-core over WebDriver BiDi, headful on Xvfb (headless Firefox has no WebGL here).
// WebKit: selenium-webdriver over classic WebDriver to WebKitGTK's MiniBrowser on Xvfb; it has no
// console access, so errors come only from the recorder the test server puts in every page.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { requireProgram, startDisplay } from './display.mjs';

const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const WEBKIT_DRIVER = '/usr/bin/WebKitWebDriver';
const MINIBROWSER = process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/** Errors the page recorded itself (record-errors.js, put in by the test server). */
const pageRecorded = () => window.__smokeErrors ?? [];

export async function startFirefox() {
  requireProgram(FIREFOX, 'Firefox ESR');
  const { default: puppeteer } = await import('puppeteer-core');
  const screen = await startDisplay();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: false,
    protocolTimeout: 300_000,
    env: { ...process.env, DISPLAY: screen.display },
    extraPrefsFirefox: {
      // A memory runaway in a worker otherwise grows until the machine runs out (no default cap):
      // 2 GB of JavaScript heap per runtime, about what Chromium allows a worker.
      'javascript.options.mem.max': 2048,
      'dom.workers.options.mem.max': 2048,
    },
  });
  const page = await browser.newPage();
  await page.setViewport({ width: 1200, height: 900 });
  let errors = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? 'failed';
    // A navigation or Stop aborts requests on purpose, and the text runtime closes a model file's
    // stream once it has read what it needs (Firefox names both as below, Chromium net::ERR_ABORTED);
    // blob: URLs never touch the network. An HTTP error is still caught by the test server.
    if (/^(blob|data):/.test(request.url()) || /abort|NS_BASE_STREAM_CLOSED/i.test(reason)) return;
    errors.push(`request failed: ${request.url()} (${reason})`);
  });
  return {
    name: 'firefox',
    version: await browser.version(),
    async open(url) {
      errors = [];
      await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
    },
    run: (fn, ...args) => page.evaluate(fn, ...args),
    async type(selector, text) {
      await page.click(selector);
      await page.keyboard.down('Control');
      await page.keyboard.press('a');
      await page.keyboard.up('Control');
      // keyboard.type, not sendCharacter: Firefox's BiDi refuses more than one character at once.
      await page.keyboard.type(text);
    },
    async tap(selector) {
      await page.click(selector);
    },
    async errors() {
      return [...errors, ...(await page.evaluate(pageRecorded))];
    },
    async close() {
      await browser.close().catch(() => undefined);
      screen.stop();
    },
  };
}

export async function startWebKit(port) {
  requireProgram(WEBKIT_DRIVER, 'WebKitWebDriver');
  requireProgram(MINIBROWSER, 'MiniBrowser');
  const { Builder, By, Key } = await import('selenium-webdriver');
  const screen = await startDisplay();
  const driverProcess = spawn(WEBKIT_DRIVER, [`--port=${port}`], {
    env: { ...process.env, DISPLAY: screen.display },
    stdio: 'ignore',
  });
  await sleep(1000);
  let driver;
  try {
    driver = await new Builder()
      .usingServer(`http://127.0.0.1:${port}`)
      .withCapabilities({
        browserName: 'MiniBrowser',
        'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
      })
      .build();
  } catch (error) {
    driverProcess.kill();
    screen.stop();
    throw error;
  }
  await driver.manage().setTimeouts({ script: 300_000, pageLoad: 120_000 });
  await driver
    .manage()
    .window()
    .setRect({ width: 1200, height: 900 })
    .catch(() => undefined);
  const capabilities = await driver.getCapabilities();
  return {
    name: 'webkit',
    version: String(capabilities.get('browserVersion') ?? ''),
    async open(url) {
      await driver.get(url);
    },
    run: (fn, ...args) => driver.executeScript(fn, ...args),
    async type(selector, text) {
      await driver.findElement(By.css(selector)).click();
      // The actions API: a sendKeys chord does not reach CodeMirror in WebKitGTK.
      await driver.actions().keyDown(Key.CONTROL).sendKeys('a').keyUp(Key.CONTROL).sendKeys(text).perform();
    },
    async tap(selector) {
      await driver.findElement(By.css(selector)).click();
    },
    async errors() {
      return driver.executeScript(pageRecorded);
    },
    async close() {
      await driver.quit().catch(() => undefined);
      driverProcess.kill();
      screen.stop();
    },
  };
}
