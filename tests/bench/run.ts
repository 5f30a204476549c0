import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { backlog } from './backlog.ts';
import { dashboard } from './dashboard.ts';
import { discussions } from './discussions.ts';
import { importBench } from './import.ts';
import { intake } from './intake.ts';
import { live } from './live.ts';
import { map } from './map.ts';
import { outages } from './outages.ts';
import { queue } from './queue.ts';
import { readings } from './readings.ts';
import { routing } from './routing.ts';
import { services } from './services.ts';
import { timers } from './timers.ts';
import { web } from './web.ts';

export type Figure = {
  label: string;
  value: number;
  unit: string;
  baseline?: number;
  baselineLabel?: string;
  ratio?: number;
  target?: string;
};
export type BenchResult = { name: string; description: string; figures: Figure[]; raw: unknown };

/** Every benchmark, by name. Each measures its own baseline in the same run. */
const benchmarks: Record<string, (opts: { quick: boolean }) => Promise<BenchResult>> = {
  intake,
  routing,
  timers,
  backlog,
  live,
  web,
  map,
  dashboard,
  outages,
  readings,
  services,
  queue,
  discussions,
  import: importBench,
};

const resultsDir = path.join(import.meta.dirname, 'results');

function markdown(results: BenchResult[]): string {
  const rows = results.flatMap((r) =>
    r.figures.map((f) =>
      [
        (r as BenchResult & { quick?: boolean }).quick ? `${r.name} (quick)` : r.name,
        f.label,
        `${f.value} ${f.unit}`,
        f.baseline === undefined ? '' : `${f.baseline} (${f.baselineLabel})`,
        f.ratio ?? '',
        f.target ?? '',
      ].join(' | '),
    ),
  );
  return [
    `# Benchmarks (${new Date().toISOString()}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version})`,
    '',
    'bench | figure | value | baseline (same run) | ratio | target',
    '--- | --- | --- | --- | --- | ---',
    ...rows.map((r) => `${r} `),
    '',
  ].join('\n');
}

async function main() {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  // --summary: only rewrite summary.md from the results files.
  const names = args.includes('--summary') ? [] : args.filter((a) => !a.startsWith('--'));
  const unknown = names.filter((n) => !(n in benchmarks));
  if (unknown.length) {
    console.error(`unknown benchmark: ${unknown.join(', ')} (known: ${Object.keys(benchmarks).join(', ')})`);
    process.exit(2);
  }
  mkdirSync(resultsDir, { recursive: true });
  const results: BenchResult[] = [];
  for (const name of names.length || args.includes('--summary') ? names : Object.keys(benchmarks)) {
    console.log(`▶ ${name}…`);
    const result = await benchmarks[name]({ quick });
    results.push(result);
    writeFileSync(
      path.join(resultsDir, `${name}.json`),
      `${JSON.stringify({ ...result, quick, at: new Date().toISOString(), machine: { cpus: os.cpus().length, node: process.version } }, null, 2)}\n`,
    );
    for (const f of result.figures) {
      console.log(
        `  ${f.label}: ${f.value} ${f.unit}${f.baseline !== undefined ? `  | baseline ${f.baseline} (${f.baselineLabel})` : ''}${f.ratio !== undefined ? `  | ratio ${f.ratio}` : ''}${f.target ? `  | target ${f.target}` : ''}`,
      );
    }
  }
  // The summary covers every benchmark's latest results file, not only the ones run now.
  const latest = readdirSync(resultsDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(resultsDir, f), 'utf8')) as BenchResult);
  const summary = markdown(latest);
  writeFileSync(path.join(resultsDir, 'summary.md'), summary);
  console.log(`\n${summary}`);
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
