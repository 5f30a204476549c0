/** The web app's client for the registers' imports (/api/admin/imports), typed by the API's OpenAPI document. */
import { answer, api, type Answer, formOf, undescribed } from './api.ts';

export type ImportRunSummary = Answer<'listImports'>['items'][number];
export type ImportRunDetail = Answer<'getImport'>;
export type ImportKind = ImportRunSummary['kind'];
export type ImportProblem = ImportRunDetail['problems'][number];

export const importKinds: ImportKind[] = ['organisations', 'buildings'];

/** Upload a register: the run starts (202) and is followed with getImportRun. */
export function startImport(kind: ImportKind, file: File, opts: { dryRun: boolean; deleteMissing: boolean }) {
  const form = formOf({ kind, dry_run: opts.dryRun, delete_missing: opts.deleteMissing }, { file: [file] });
  return answer(api.POST('/api/admin/imports', { body: undescribed(form) }));
}

export const getImportRun = (id: number, signal?: AbortSignal) =>
  answer(api.GET('/api/admin/imports/{id}', { params: { path: { id } }, signal }));

export const listImportRuns = (offset = 0, signal?: AbortSignal) =>
  answer(api.GET('/api/admin/imports', { params: { query: { limit: 20, offset } }, signal }));
