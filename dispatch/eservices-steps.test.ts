import { describe, expect, it } from 'vitest';
import { noticeKindOf, stepNotices } from './eservices.ts';

describe('who hears of an application’s step', () => {
  it('tells the applicant of each change of status and the department of what the applicant did', () => {
    expect(stepNotices('submit', 'draft', 'submitted')).toEqual([
      { audience: 'applicant', what: 'status_changed' },
      { audience: 'department', what: 'new_application' },
    ]);
    expect(stepNotices('request_documents', 'in_progress', 'awaiting_documents')).toEqual([
      { audience: 'applicant', what: 'documents_requested' },
    ]);
    expect(stepNotices('provide_documents', 'awaiting_documents', 'in_progress')).toEqual([
      { audience: 'applicant', what: 'status_changed' },
      { audience: 'department', what: 'documents_provided' },
    ]);
    expect(stepNotices('issue_result', 'in_progress', 'ready')).toEqual([{ audience: 'applicant', what: 'ready' }]);
    expect(stepNotices('refuse', 'in_progress', 'refused')).toEqual([{ audience: 'applicant', what: 'refused' }]);
    // Taking an application already taken, or advancing a stage, changes no status: nobody hears.
    expect(stepNotices('take', 'in_progress', 'in_progress')).toEqual([]);
    expect(stepNotices('advance', 'in_progress', 'in_progress')).toEqual([]);
    // A draft withdrawn is nobody's business but the applicant's.
    expect(stepNotices('withdraw', 'draft', 'withdrawn')).toEqual([{ audience: 'applicant', what: 'status_changed' }]);
  });

  it('sends "ready" and the request for documents under the kinds residents get by SMS by default', () => {
    expect(noticeKindOf.ready).toBe('resolved');
    expect(noticeKindOf.documents_requested).toBe('info_requested');
    expect(noticeKindOf.new_application).toBe('assignment');
  });
});
