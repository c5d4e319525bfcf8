// kpic's own engine against `kpic run --engine postgresql` on the same data (issue #14, docs/performance.md).
//
//   tests/pg/with_pg.sh node bench/engine_vs_pg.mjs [--kpic build/kpic] [--scale medium] [--reps 3]
//
// Loads the dataset into the throw-away PostgreSQL 15 of with_pg.sh (tests/pg/check_engine_run.mjs
// --load-only: tables <scale>.<source>), then times, for every examples/reference/*.kpi file, all its
// metrics with `kpic run FILE NAME=<scale>/NAME.parquet...` (JIT engine, compiled-code cache warm) and
// with `kpic run FILE --engine $KPIC_PG_URI NAME=<scale>.NAME...`, alternating, `reps` times each after a
// warm-up: median wall times of the whole process and their ratio.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const { values: opt } = parseArgs({
  options: {
    kpic: { type: 'string', default: join(repo, 'build/kpic') },
    scale: { type: 'string', default: 'medium' },
    reps: { type: 'string', default: '3' },
    shared: { type: 'string', default: resolve(repo, '../shared') },
  },
});
const uri = process.env.KPIC_PG_URI;
if (!uri) throw new Error('run under tests/pg/with_pg.sh');
const data = join(opt.shared, 'datasets', opt.scale);
const dir = join(repo, 'examples/reference');
const files = readdirSync(dir).filter((f) => f.endsWith('.kpi')).map((f) => join(dir, f));
const t0 = Date.now();
execFileSync('node', [join(repo, 'tests/pg/check_engine_run.mjs'), opt.kpic, here, opt.scale, '--data', data, '--load-only', ...files], { stdio: 'inherit' });
execFileSync('psql', ['-X', '-q', '-d', uri, '-c', 'VACUUM ANALYZE'], { stdio: 'inherit' });
console.error(`loaded ${opt.scale} into PostgreSQL in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

const time = (args) => {
  const t = process.hrtime.bigint();
  execFileSync(opt.kpic, args, { stdio: ['ignore', 'ignore', 'inherit'], maxBuffer: 1 << 28 });
  return Number(process.hrtime.bigint() - t) / 1e6;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const lines = [];
for (const file of files) {
  const sources = [...readFileSync(file, 'utf8').matchAll(/^source (\w+)/gm)].map((s) => s[1]);
  const local = ['run', file, ...sources.map((s) => `${s}=${join(data, s + '.parquet')}`), '--format', 'json'];
  const remote = ['run', file, '--engine', uri, ...sources.map((s) => `${s}=${opt.scale}.${s}`), '--format', 'json'];
  time(local), time(remote);  // warm-up: code cache, server buffers
  const tl = [], tr = [];
  for (let i = 0; i < Number(opt.reps); ++i) {
    tl.push(time(local));
    tr.push(time(remote));
  }
  const ratio = median(tr) / median(tl);
  lines.push(`| ${file.split('/').pop()} | ${median(tl).toFixed(0)} | ${median(tr).toFixed(0)} | ${ratio.toFixed(1)}x |`);
  console.error(lines.at(-1));
}
console.log(['| reference file | kpic (own engine) ms | kpic run --engine postgresql ms | PostgreSQL ÷ own |', '|---|---:|---:|---:|', ...lines].join('\n'));
