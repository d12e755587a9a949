#!/usr/bin/env node
/**
 * npm run bench — measured, not guessed.
 *
 * Generates (deterministic seed, not committed) a CLD Release 2 CSV of --rows rows (default 1,000,000)
 * under .bench/, then runs each measurement in a fresh child process --runs times (default 3) and
 * prints MEDIANS and RATIOS measured in this one run, on this machine:
 *
 *   csv-parse (array mode)   the library reference the issue quotes
 *   csv-parse (columns:true) object mode, for context
 *   parse floor              carecheck's own reader: decode + tokenize + batches, no validation
 *   validate                 the full record path: reader + typing + ajv + findings + keys
 *
 * Absolute rows/s depend on the machine and its load; the ratios are the claim. Peak RSS is the
 * child's maxRSS; it is also measured on a file a tenth the size to show memory does not grow
 * with the row count.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = args.indexOf(name);
  return i === -1 ? dflt : args[i + 1];
};

async function child(mode, file) {
  const started = process.hrtime.bigint();
  let rows = 0;
  if (mode === 'csv-parse-array' || mode === 'csv-parse-columns') {
    const { parse } = await import('csv-parse');
    const parser = createReadStream(file).pipe(parse({ columns: mode === 'csv-parse-columns', bom: true }));
    for await (const _ of parser) rows++;
    if (mode === 'csv-parse-array') rows--; // header
  } else if (mode === 'floor') {
    const { fileSource } = await import(path.join(root, 'dist/readers/source.js'));
    const { openInput } = await import(path.join(root, 'dist/readers/index.js'));
    const input = await openInput(fileSource(file), 'csv', { finding() {} }, {});
    for await (const batch of input.batches) rows += batch.length;
  } else if (mode === 'validate') {
    const { validate } = await import(path.join(root, 'dist/index.js'));
    const report = await validate({
      inputs: [{ path: file }],
      standard: 'asc-cld@2',
      today: new Date('2026-11-01'),
    });
    rows = report.summary.records;
    if (report.summary.errors > 0) {
      process.stderr.write(`warning: the generated file had ${report.summary.errors} errors\n`);
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(JSON.stringify({ rows, seconds, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function ensureFile(rows) {
  const dir = path.join(root, '.bench');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `cld-r2-${rows}.csv`);
  if (existsSync(file)) return file;
  process.stderr.write(`generating ${rows} rows → ${path.relative(root, file)} …\n`);
  const { cldRows } = await import(path.join(root, 'scripts/gen-cld.js'));
  const out = createWriteStream(file);
  let buf = '';
  for (const line of cldRows({ rows, seed: 42, release: 2 })) {
    buf += `${line}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
  return file;
}

function measure(mode, file, runs) {
  const results = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', mode, file], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    results.push(JSON.parse(out));
  }
  const rows = results[0].rows;
  return {
    rows,
    rowsPerSec: median(results.map((r) => r.rows / r.seconds)),
    maxRssMb: Math.max(...results.map((r) => r.maxRssMb)),
  };
}

async function main() {
  if (args[0] === '--child') return child(args[1], args[2]);
  const rows = Number(arg('--rows', '1000000'));
  const runs = Number(arg('--runs', '3'));
  if (!existsSync(path.join(root, 'dist/index.js')))
    spawnSync('npm', ['run', 'build'], { stdio: 'inherit', cwd: root });
  const file = await ensureFile(rows);
  const small = await ensureFile(Math.max(1000, Math.round(rows / 10)));
  const mb = statSync(file).size / 1e6;
  console.log(
    `carecheck bench: ${rows.toLocaleString('en-GB')} CLD rows (${mb.toFixed(0)} MB), median of ${runs} runs each, node ${process.version}`,
  );
  const m = {};
  for (const mode of ['csv-parse-array', 'csv-parse-columns', 'floor', 'validate']) {
    m[mode] = measure(mode, file, runs);
    console.log(
      `  ${mode.padEnd(18)} ${Math.round(m[mode].rowsPerSec).toLocaleString('en-GB').padStart(10)} rows/s   peak RSS ${m[mode].maxRssMb.toFixed(0)} MB`,
    );
  }
  const smallValidate = measure('validate', small, 1);
  const r = (a, b) => (m[a].rowsPerSec / m[b].rowsPerSec).toFixed(2);
  console.log('ratios (same run, same machine):');
  console.log(`  validate / parse floor            ${r('validate', 'floor')}`);
  console.log(`  validate / csv-parse array mode   ${r('validate', 'csv-parse-array')}`);
  console.log(`  parse floor / csv-parse array     ${r('floor', 'csv-parse-array')}`);
  console.log(`  csv-parse columns / array         ${r('csv-parse-columns', 'csv-parse-array')}`);
  console.log(
    `  validate peak RSS: ${smallValidate.maxRssMb.toFixed(0)} MB at ${smallValidate.rows.toLocaleString('en-GB')} rows, ${m.validate.maxRssMb.toFixed(0)} MB at ${rows.toLocaleString('en-GB')} rows`,
  );
}

await main();
