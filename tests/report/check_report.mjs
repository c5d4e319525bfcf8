// The `kpic report` test: writes the report of shop.kpi, opens it in headless Chromium (Debian's
// `chromium`, driven over the DevTools protocol on a pipe) and checks that
//   - the page loads from a file with no console error, no uncaught exception and no network request;
//   - the JSON it embeds is exactly `kpic run --format json`, and every metric of it has a card;
//   - each chart has one point (line) or bar per value of the results, counted from that JSON;
//   - the hand-computed numbers of shop.kpi are shown, and the missed target is marked as missed;
//   - the dark theme (system preference and the switch) and print media change the colors.
// Screenshots (light, dark) are kept in OUT_DIR as test artifacts.
//
//   node check_report.mjs KPIC_BINARY OUT_DIR
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [kpic, outDir] = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));
mkdirSync(outDir, { recursive: true });
const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); };

const env = { ...process.env, SOURCE_DATE_EPOCH: '1733300000', KPIC_NO_COLOR: '1' };
const page = resolve(outDir, 'report.html');
execFileSync(kpic, ['report', 'shop.kpi', '-o', page, '--title', 'Shop KPIs'], { cwd: here, env });
const runJson = execFileSync(kpic, ['run', 'shop.kpi', '--format', 'json'], { cwd: here, env }).toString();
const expected = JSON.parse(runJson);

// --- Chromium over --remote-debugging-pipe: requests on fd 3, replies and events on fd 4, NUL-separated.
const profile = mkdtempSync(join(tmpdir(), 'kpic-report-chromium-'));
const chromium = spawn('chromium', [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  `--user-data-dir=${profile}`, '--remote-debugging-pipe', 'about:blank',
], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
let stderr = '';
chromium.stderr.on('data', (d) => { stderr += d; });
const timer = setTimeout(() => { console.error('timeout: chromium did not answer in 90 s'); finish(1); }, 90000);
chromium.on('error', (e) => {
  console.error(`cannot start chromium (${e.message}): run scripts/install-deps`);
  finish(1);
});

let nextId = 1;
const pending = new Map();
const listeners = [];
let buffer = '';
chromium.stdio[4].on('data', (chunk) => {
  buffer += chunk.toString();
  let end;
  while ((end = buffer.indexOf('\0')) >= 0) {
    const msg = JSON.parse(buffer.slice(0, end));
    buffer = buffer.slice(end + 1);
    if (msg.id && pending.has(msg.id)) {
      const { ok, fail } = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) fail(new Error(JSON.stringify(msg.error))); else ok(msg.result);
    } else {
      for (const l of listeners) l(msg);
    }
  }
});
function send(method, params = {}, sessionId) {
  const id = nextId++;
  chromium.stdio[3].write(JSON.stringify({ id, method, params, sessionId }) + '\0');
  return new Promise((ok, fail) => pending.set(id, { ok, fail }));
}
function waitFor(method, sessionId) {
  return new Promise((ok) => {
    const l = (msg) => {
      if (msg.method === method && msg.sessionId === sessionId) {
        listeners.splice(listeners.indexOf(l), 1);
        ok(msg.params);
      }
    };
    listeners.push(l);
  });
}

function finish(code) {
  clearTimeout(timer);
  try { chromium.kill('SIGKILL'); } catch { /* already gone */ }
  try { rmSync(profile, { recursive: true, force: true }); } catch { /* best effort */ }
  process.exit(code);
}

const problems = [];  // console errors, exceptions, network requests
listeners.push((msg) => {
  const p = msg.params || {};
  if (msg.method === 'Runtime.consoleAPICalled' && (p.type === 'error' || p.type === 'assert'))
    problems.push(`console.${p.type}: ${p.args.map((a) => a.value ?? a.description).join(' ')}`);
  if (msg.method === 'Runtime.exceptionThrown') problems.push(`exception: ${p.exceptionDetails.text} ${p.exceptionDetails.exception?.description ?? ''}`);
  if (msg.method === 'Log.entryAdded' && p.entry.level === 'error') problems.push(`log: ${p.entry.text} ${p.entry.url ?? ''}`);
  if (msg.method === 'Network.requestWillBeSent' && !/^(file|data|about):/.test(p.request.url))
    problems.push(`network request: ${p.request.url}`);
});

async function main() {
  const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
  const s = (method, params) => send(method, params, sessionId);
  await s('Runtime.enable');
  await s('Log.enable');
  await s('Network.enable');
  await s('Page.enable');
  await s('Emulation.setDeviceMetricsOverride', { width: 1280, height: 900, deviceScaleFactor: 1, mobile: false });
  const loaded = waitFor('Page.loadEventFired', sessionId);
  await s('Page.navigate', { url: pathToFileURL(page).href });
  await loaded;
  const evaluate = async (expression) => {
    const r = await s('Runtime.evaluate', { expression, returnByValue: true });
    if (r.exceptionDetails) throw new Error(`evaluate failed: ${expression}: ${r.exceptionDetails.text}`);
    return r.result.value;
  };

  const embedded = await evaluate(`document.getElementById('kpic-results').textContent`);
  check(embedded === runJson, 'the embedded JSON differs from `kpic run --format json`');

  const cards = await evaluate(`[...document.querySelectorAll('section.card')].map(c => ({
      name: c.dataset.metric, points: c.querySelectorAll('svg circle.point').length,
      bars: c.querySelectorAll('svg rect.bar').length, rows: c.querySelectorAll('tbody tr').length,
      text: c.innerText, missed: c.querySelectorAll('.badge.missed').length,
      met: c.querySelectorAll('.badge.met').length, targets: c.querySelectorAll('line.target').length,
      heat: c.querySelectorAll('table.heat').length, heatCells: [...c.querySelectorAll('table.heat tbody td')].map(td => td.innerText) }))`);
  const byName = new Map(cards.map((c) => [c.name, c]));
  check(cards.length === expected.metrics.length, `${cards.length} cards for ${expected.metrics.length} metrics`);
  const isDate = (v) => typeof v === 'string' && /^\d{4}-\d\d-\d\d/.test(v);
  for (const m of expected.metrics) {
    const card = byName.get(m.name);
    check(card, `no card for metric ${m.name}`);
    if (!card) continue;
    const values = m.rows.filter((r) => typeof r.value === 'number').length;
    if (card.heat) {  // a cohort_retention matrix: a heat map, one row per cohort, no chart
      const cohorts = new Set(m.rows.map((r) => r.cohort)).size;
      check(card.points === 0 && card.bars === 0, `${m.name}: a matrix has no chart`);
      check(card.rows === cohorts, `${m.name}: ${card.rows} heat map rows, expected ${cohorts} cohorts`);
      continue;
    }
    const timeChart = m.by.length >= 1 && m.by.length <= 2 && m.rows.length > 0 && isDate(m.rows[0][m.by[0]]);
    const barChart = m.by.length === 1 && !timeChart;
    check(card.points === (timeChart ? values : 0), `${m.name}: ${card.points} chart points, expected ${timeChart ? values : 0}`);
    check(card.bars === (barChart ? values : 0), `${m.name}: ${card.bars} bars, expected ${barChart ? values : 0}`);
    check(card.rows === (m.by.length ? m.rows.length : 0), `${m.name}: ${card.rows} table rows, expected ${m.rows.length}`);
  }
  // The numbers of shop.kpi, computed by hand (see its header).
  const has = (name, text) => check(byName.get(name)?.text.includes(text), `${name}: the card does not show "${text}"`);
  has('revenue', '$650.00');
  has('revenue', 'owner finance');
  has('revenue', 'Revenue of paid orders.');
  has('monthly_revenue', '$110.00');      // the latest month is the headline
  has('monthly_revenue', '$350.00');      // January, in the table
  check(byName.get('monthly_revenue')?.missed === 1, 'monthly_revenue: the missed target (110 < 200) is not marked');
  check(byName.get('monthly_revenue')?.targets === 1, 'monthly_revenue: no target line in the chart');
  check(byName.get('orders_by_region')?.met === 1, 'orders_by_region: the met target (2, 4, 3 >= 2) is not marked');
  has('orders_by_region', 'EU');
  check(byName.get('paying')?.heat === 1, 'paying: no heat map');
  check(JSON.stringify(byName.get('paying')?.heatCells) ===
        JSON.stringify(['2024-01-01', '100.0%', '100.0%', '50.0%', '2024-02-01', '100.0%', '100.0%', '']),
        `paying: heat map cells ${JSON.stringify(byName.get('paying')?.heatCells)}`);
  check(byName.get('paid_share')?.points === 8, 'paid_share: 8 points expected (3 months x regions with orders)');

  // Themes: the system's dark preference, the switch, and print media.
  const bg = () => evaluate(`getComputedStyle(document.body).backgroundColor`);
  const dark = (c) => { const [r, g, b] = c.match(/\d+/g).map(Number); return r + g + b < 200; };
  check(!dark(await bg()), 'the light theme has a dark background');
  await s('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true }).then((r) =>
    writeFileSync(join(outDir, 'report.png'), Buffer.from(r.data, 'base64')));
  await s('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value: 'dark' }] });
  check(dark(await bg()), 'prefers-color-scheme: dark does not darken the page');
  await s('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true }).then((r) =>
    writeFileSync(join(outDir, 'report-dark.png'), Buffer.from(r.data, 'base64')));
  await evaluate(`document.getElementById('theme').click()`);
  check(!dark(await bg()), 'the theme switch does not switch a dark page to light');
  await s('Emulation.setEmulatedMedia', { media: 'print', features: [{ name: 'prefers-color-scheme', value: 'dark' }] });
  await evaluate(`document.getElementById('theme').click()`);  // dark chosen, but print stays black on white
  check(!dark(await bg()), 'print media is not black on white');
  check(await evaluate(`getComputedStyle(document.getElementById('theme')).display`) === 'none',
    'the theme switch is printed');

  await new Promise((r) => setTimeout(r, 200));  // late console messages
  for (const p of problems) failures.push(p);
}

main().then(() => {
  if (failures.length) {
    console.error(`check_report: ${failures.length} problem(s):\n  ` + failures.join('\n  '));
    finish(1);
  }
  console.log(`check_report: ok (${page}; screenshots report.png, report-dark.png in ${outDir})`);
  finish(0);
}, (e) => {
  console.error(`check_report: ${e.stack}\n${stderr.slice(-2000)}`);
  finish(1);
});
