import { describe, expect, it } from 'vitest';
import { catalogue, languages, messageOfRef, messageRef, negotiateLanguage, render, t } from './index.ts';

describe('the message catalogue', () => {
  it('renders a message in each language, Tatar falling back to Russian where a message has none', () => {
    expect(t('record.not_found', 'ru', { record: 'appeal' })).toBe('Обращение: не найдено.');
    expect(t('record.not_found', 'en', { record: 'appeal' })).toBe('Appeal: not found.');
    expect(t('record.not_found', 'tt', { record: 'appeal' })).toBe('Мөрәҗәгать: табылмады.');
    expect(t('notice.appeal_assigned.lead', 'tt', { number: 'KZN-1', status: '' })).toBe(
      'Вашей организации передано обращение KZN-1.',
    );
  });

  it('has every message in Russian and English, and no text that glues two languages together', () => {
    for (const [id, entry] of Object.entries(catalogue)) {
      for (const lang of ['ru', 'en'] as const) expect(entry[lang], `${id}.${lang}`).toBeDefined();
      for (const lang of languages) {
        const text = entry[lang as 'ru'];
        if (typeof text === 'string') expect(text, `${id}.${lang}`).not.toMatch(/[а-яё].* \/ [a-z]/i);
      }
    }
  });

  it('speaks Tatar to a resident filing, following, disputing or rating an appeal', () => {
    const residentMessages = Object.keys(catalogue).filter((id) =>
      /^appeal\.(category_unknown|building_unknown|not_acceptable|idempotency_key_reused|field\.(?!target_status)|dispute_window|version_conflict|reason_required|rating_required|transition_forbidden)/.test(
        id,
      ),
    );
    expect(residentMessages.length).toBeGreaterThan(15);
    for (const id of residentMessages) expect((catalogue as Record<string, { tt?: unknown }>)[id].tt, id).toBeDefined();
    expect(t('appeal.transition_forbidden', 'en', { status: 'assigned' })).toBe('Not allowed from status "assigned"');
    expect(t('appeal.field.no_building_near', 'ru', { metres: 60 })).toBe(
      'для этой категории нужен дом: в радиусе 60 м домов нет',
    );
  });

  it('carries a message through text (zod messages) and reads it back; plain text stays text', () => {
    const ref = messageRef('field.too_long_max', { max: 10 });
    const message = messageOfRef(ref);
    expect(message).toEqual({ id: 'field.too_long_max', params: { max: 10 } });
    expect(render(message!, 'en')).toBe('at most 10 characters');
    expect(messageOfRef('не длиннее 10 символов')).toBeNull();
    expect(messageOfRef('msg:{"id":"no.such.message"}')).toBeNull();
    expect(messageOfRef('msg:{broken')).toBeNull();
  });

  it('picks the best of Russian, English and Tatar from an Accept-Language header', () => {
    expect(negotiateLanguage('tt-RU,tt;q=0.9,ru;q=0.8')).toBe('tt');
    expect(negotiateLanguage('en-GB,en;q=0.9,ru;q=0.95')).toBe('en');
    expect(negotiateLanguage('de-DE,ru;q=0.5')).toBe('ru');
    expect(negotiateLanguage('de-DE,fr;q=0.5')).toBeNull();
    expect(negotiateLanguage('ru;q=0,en;q=0.1')).toBe('en');
    expect(negotiateLanguage(undefined)).toBeNull();
  });
});

describe('the catalogue’s parts', () => {
  it('define each id once (a later part would silently replace an earlier one)', async () => {
    const parts = await Promise.all(
      [
        'accounts',
        'appeals',
        'buildings',
        'directory',
        'dispatching',
        'errors',
        'eservice-stats',
        'housing',
        'notices',
        'notifications',
        'passports',
        'uploads',
      ].map(
        async (name) =>
          [
            name,
            Object.keys(
              Object.values(await import(`./${name}.ts`)).find(
                (v) =>
                  typeof v === 'object' &&
                  v !== null &&
                  !Array.isArray(v) &&
                  Object.keys(v as object).some((k) => k.includes('.')),
              ) as object,
            ),
          ] as const,
      ),
    );
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const [name, ids] of parts)
      for (const id of ids) {
        if (seen.has(id)) twice.push(`${id}: ${seen.get(id)} and ${name}`);
        seen.set(id, name);
      }
    expect(twice).toEqual([]);
  });
});
