import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The shape of the code (docs/architecture.md), checked so that it stays: thin routes, services
 * owning transactions, api/ free of jobs/ but the queue registry, a pure dispatch/, short functions.
 */
const root = path.resolve(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(root, dir))) {
    const rel = path.join(dir, entry);
    if (statSync(path.join(root, rel)).isDirectory()) out.push(...sourceFiles(rel));
    else if (rel.endsWith('.ts') && !rel.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

const read = (rel: string) => readFileSync(path.join(root, rel), 'utf8');
const importsOf = (rel: string) =>
  [...read(rel).matchAll(/^\s*(?:import|export)[^'"]*from\s+'([^']+)'/gm)].map((m) => m[1]);
const isTest = (rel: string) => rel.endsWith('.test.ts');
const routeFiles = sourceFiles('api').filter(
  (f) => /(^|[/-])routes\.ts$/.test(path.basename(f)) || f.endsWith('routes.ts'),
);

/** Functions longer than this are split into named steps. */
const MAX_FUNCTION_LINES = 80;
/** Functions allowed to be longer, each with its reason. */
const longFunctions: Record<string, string> = {};

describe('the architecture', () => {
  it('keeps every route file under 400 lines, and no route opens a transaction', () => {
    expect(routeFiles.length).toBeGreaterThan(10);
    const long = routeFiles.filter((f) => read(f).split('\n').length > 400);
    expect(long, 'route files over 400 lines').toEqual([]);
    const opening = routeFiles.filter((f) => /\.transaction\(|pipelinedTransaction\(|inTransaction\(/.test(read(f)));
    expect(opening, 'route files that open a transaction').toEqual([]);
  });

  it('has api/ import nothing from jobs/ but the queue registry (the entry point starts the workers)', () => {
    const wrong = sourceFiles('api').flatMap((f) =>
      importsOf(f)
        .filter((i) => /(^|\/)jobs\//.test(i) && !i.endsWith('jobs/queues.ts'))
        .filter(() => f !== path.join('api', 'main.ts'))
        .map((i) => `${f} → ${i}`),
    );
    expect(wrong).toEqual([]);
  });

  it('keeps dispatch/ pure: no web framework, database or job queue, nothing of the other layers', () => {
    const wrong = sourceFiles('dispatch')
      .filter((f) => !isTest(f))
      .flatMap((f) =>
        importsOf(f)
          .filter(
            (i) => /^(fastify|@fastify\/|drizzle-orm|pg-boss|postgres)/.test(i) || /\.\.\/(api|db|jobs)\//.test(i),
          )
          .map((i) => `${f} → ${i}`),
      );
    expect(wrong).toEqual([]);
  });

  it('has every route in a module: api/routes/ is gone', () => {
    expect(existsSync(path.join(root, 'api', 'routes'))).toBe(false);
  });

  it(`splits functions longer than ${MAX_FUNCTION_LINES} lines into named steps (seeds and migrations apart)`, () => {
    const long: string[] = [];
    for (const f of ['api', 'dispatch', 'db', 'jobs'].flatMap(sourceFiles)) {
      if (isTest(f) || f.startsWith(path.join('db', 'seed')) || f.startsWith(path.join('db', 'migrations'))) continue;
      const file = ts.createSourceFile(f, read(f), ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node) => {
        if (ts.isFunctionLike(node) && 'body' in node && node.body) {
          const from = file.getLineAndCharacterOfPosition(node.getStart()).line + 1;
          const lines = file.getLineAndCharacterOfPosition(node.getEnd()).line + 2 - from;
          if (lines > MAX_FUNCTION_LINES && !(`${f}:${from}` in longFunctions))
            long.push(`${f}:${from} (${lines} lines)`);
        }
        ts.forEachChild(node, visit);
      };
      visit(file);
    }
    expect(long).toEqual([]);
  });
});
