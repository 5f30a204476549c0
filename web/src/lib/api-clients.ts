/**
 * The admin's Open311 clients (issue 18): the API calls of /admin/api-clients, typed by the API's
 * OpenAPI document. The key comes once, in the answer to `createApiClient`.
 */
import { answer, api, type Answer, type RequestBody } from './api.ts';

export type ApiClient = Answer<'listApiClients'>['items'][number];
export type NewApiClient = RequestBody<'createApiClient'>;

export const listApiClients = (signal?: AbortSignal) => answer(api.GET('/api/admin/api-clients', { signal }));

export const createApiClient = (body: NewApiClient) => answer(api.POST('/api/admin/api-clients', { body }));

export const revokeApiClient = (id: number, reason: string) =>
  answer(api.POST('/api/admin/api-clients/{id}/revoke', { params: { path: { id } }, body: { reason } }));
