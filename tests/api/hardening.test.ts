import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_ABSOLUTE_MS, STAFF_SESSION_ABSOLUTE_MS, STAFF_SESSION_TTL_MS } from '../../api/plugins/auth.ts';
import { writeLimits } from '../../api/plugins/write-limits.ts';
import { hashPassword } from '../../db/passwords.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { multipart, png } from '../helpers/http.ts';
import { smallCity } from '../helpers/make.ts';
import { readingMakers } from '../helpers/readings.ts';

type City = Awaited<ReturnType<typeof smallCity>>;
const DAY = 24 * 3600 * 1000;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(path.join(dir, f)).isFile());
}

describe('hardening: headers, write limits, sessions, uploads, personal-data audit', () => {
  let t: TestApp;
  let c: City;

  beforeAll(async () => {
    t = await startTestApp();
    c = await smallCity(t.db);
  });
  afterAll(() => t?.close());

  describe('security headers', () => {
    it('every API answer, a 404 and a problem included, carries the security headers and a policy that runs nothing', async () => {
      for (const url of ['/api/categories', '/api/no-such-route', '/healthz', '/api/appeals/0']) {
        const res = await t.app.inject({ method: 'GET', url });
        expect(res.headers['x-content-type-options'], url).toBe('nosniff');
        expect(res.headers['referrer-policy'], url).toBe('strict-origin-when-cross-origin');
        expect(res.headers['permissions-policy'], url).toContain('camera=(self)');
        expect(res.headers['permissions-policy'], url).toContain('geolocation=(self)');
        expect(res.headers['permissions-policy'], url).toContain('microphone=()');
        expect(res.headers['cross-origin-opener-policy'], url).toBe('same-origin');
        expect(res.headers['content-security-policy'], url).toContain("default-src 'none'");
        expect(res.headers['content-security-policy'], url).toContain("frame-ancestors 'none'");
        // Plain HTTP (PUBLIC_URL http://…): no HSTS, which a browser would ignore anyway.
        expect(res.headers['strict-transport-security'], url).toBeUndefined();
      }
    });

    it('a write refused for its CSRF token carries them too', async () => {
      const session = await t.signIn(c.users.resident.id);
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/appeals',
        headers: { cookie: session.cookie },
        payload: {},
      });
      expect(res.statusCode).toBe(403);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    });
  });

  it('opens the live websocket for this site and for clients without an Origin, and refuses another site (403)', async () => {
    const session = await t.signIn(c.users.resident.id);
    const open = async (headers: Record<string, string>) => {
      const ws = await t.app.injectWS('/api/live', { headers });
      ws.terminate();
    };
    await open({ cookie: session.cookie });
    await open({ cookie: session.cookie, origin: t.config.PUBLIC_URL });
    await expect(open({ cookie: session.cookie, origin: 'https://evil.example' })).rejects.toThrow(
      'Unexpected server response: 403',
    );
    await expect(open({ origin: 'null' })).rejects.toThrow('Unexpected server response: 403');
  });

  describe('write rate limits', () => {
    it('caps appeal filing per user with 429 problem+json and Retry-After, before the body is read; another user is not affected', async () => {
      const session = await t.signIn(c.users.otherResident.id);
      const cap = writeLimits.appealCreate.perUser.limit;
      // Empty bodies: counted (the cap is checked before validation), refused as 400, nothing written.
      for (let i = 0; i < cap; i++) {
        const res = await t.app.inject({ method: 'POST', url: '/api/appeals', headers: session, payload: {} });
        expect(res.statusCode, res.body).toBe(400);
      }
      const refused = await t.app.inject({ method: 'POST', url: '/api/appeals', headers: session, payload: {} });
      expect(refused.statusCode).toBe(429);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(writeLimits.appealCreate.perUser.windowSeconds);
      expect(refused.json()).toMatchObject({ status: 429, retryAfter });

      // A different resident from the same address is still under the (larger) per-address cap.
      const other = await t.signIn(c.users.resident.id);
      const ok = await t.app.inject({ method: 'POST', url: '/api/appeals', headers: other, payload: {} });
      expect(ok.statusCode).toBe(400);

      // The window passes: the resident may file again.
      t.setNow(new Date(Date.now() + (writeLimits.appealCreate.perUser.windowSeconds + 5) * 1000));
      try {
        const later = await t.app.inject({ method: 'POST', url: '/api/appeals', headers: session, payload: {} });
        expect(later.statusCode).toBe(400);
      } finally {
        t.setNow(null);
      }
    });

    it('caps every request that carries files per user, whatever the route', async () => {
      const session = await t.signIn(c.users.dispatcher.id);
      const rows = await t.db.execute<{ key: string }>(
        sql`select key from rate_limits where key like 'write:upload:%'`,
      );
      expect(rows).toHaveLength(0);
      const form = await multipart({ action: 'comment', comment: 'x' }, [
        { filename: 'a.png', type: 'image/png', bytes: await png() },
      ]);
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/appeals/999999999/actions',
        headers: { ...session, ...form.headers },
        payload: form.payload,
      });
      expect(res.statusCode).not.toBe(429);
      const counted = await t.db.execute<{ key: string; count: number }>(
        sql`select key, count from rate_limits where key like 'write:upload:%'`,
      );
      // One counter for the user and one for the address, each at 1.
      expect(counted.map((r) => r.count)).toEqual([1, 1]);
    });
  });

  describe('sessions', () => {
    let staffLogin: string;
    beforeAll(async () => {
      staffLogin = `hard-${Date.now()}`;
      await t.db.execute(
        sql`update users set login = ${staffLogin}, password_hash = ${await hashPassword('correct horse battery')} where id = ${c.users.dispatcher.id}`,
      );
    });

    const signInWithPassword = (cookie?: string, csrf?: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: cookie ? { cookie, 'x-csrf-token': csrf ?? '' } : {},
        payload: { login: staffLogin, password: 'correct horse battery' },
      });

    it('sets an HttpOnly SameSite=Lax cookie and rotates the session at sign-in: the one sent before no longer works', async () => {
      const first = await signInWithPassword();
      expect(first.statusCode, first.body).toBe(200);
      const setCookie = String(first.headers['set-cookie']);
      expect(setCookie).toMatch(/^otklik_session=/);
      expect(setCookie).toContain('HttpOnly');
      expect(setCookie).toContain('SameSite=Lax');
      expect(setCookie).toContain('Path=/');
      expect(setCookie).not.toContain('Secure'); // plain HTTP here; see the HTTPS test below
      const before = setCookie.split(';')[0];

      // Signing in again from the signed-in browser (a write: the CSRF token goes with it).
      const second = await signInWithPassword(before, first.json().csrfToken);
      expect(second.statusCode, second.body).toBe(200);
      const after = String(second.headers['set-cookie']).split(';')[0];
      expect(after).not.toBe(before);

      expect(
        (await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: before } })).statusCode,
      ).toBe(401);
      expect(
        (await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: after } })).statusCode,
      ).toBe(200);
    });

    it('ends a resident session after 30 idle days, and an active one 90 days after sign-in however often it is used', async () => {
      const start = new Date('2031-03-01T09:00:00Z');
      t.setNow(start);
      try {
        const phone = `+7917${String(Date.now()).slice(-7)}`;
        const signInByCode = async () => {
          expect(
            (
              await t.app.inject({
                method: 'POST',
                url: '/api/auth/code',
                payload: { destination: phone, municipality: c.city.code },
              })
            ).statusCode,
          ).toBe(202);
          const [{ body }] = await t.db.execute<{ body: string }>(
            sql`select body from notification_outbox where destination = ${phone} order by id desc limit 1`,
          );
          const code = /\b(\d{6})\b/.exec(body)![1];
          const res = await t.app.inject({
            method: 'POST',
            url: '/api/auth/code/verify',
            payload: { destination: phone, code, municipality: c.city.code },
          });
          expect(res.statusCode, res.body).toBe(200);
          expect(res.json().user.role).toBe('resident');
          // The cookie lives as long as the session may; the server ends an idle one.
          expect(res.cookies[0].maxAge).toBe(SESSION_ABSOLUTE_MS / 1000);
          return String(res.headers['set-cookie']).split(';')[0];
        };
        const idle = await signInByCode();
        const active = await signInByCode();
        const at = async (days: number, cookie: string) => {
          t.setNow(new Date(start.getTime() + days * DAY));
          return (await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie } })).statusCode;
        };
        // Used every 20 days, the active session slides on; the idle one is gone after 30 days.
        expect(await at(20, active)).toBe(200);
        expect(await at(31, idle)).toBe(401);
        expect(await at(40, active)).toBe(200);
        expect(await at(60, active)).toBe(200);
        expect(await at(80, active)).toBe(200);
        const absoluteDays = SESSION_ABSOLUTE_MS / DAY;
        expect(await at(absoluteDays - 1, active)).toBe(200);
        expect(await at(absoluteDays + 0.01, active)).toBe(401);
      } finally {
        t.setNow(null);
      }
    });

    it('ends a staff session after 12 idle hours, and an active one 30 days after sign-in', async () => {
      const start = new Date('2031-06-01T06:00:00Z');
      t.setNow(start);
      try {
        const signedIn = await signInWithPassword();
        expect(signedIn.cookies[0].maxAge).toBe(STAFF_SESSION_ABSOLUTE_MS / 1000);
        const idle = String(signedIn.headers['set-cookie']).split(';')[0];
        const active = String((await signInWithPassword()).headers['set-cookie']).split(';')[0];
        const at = async (hours: number, cookie: string) => {
          t.setNow(new Date(start.getTime() + hours * 3600e3));
          return (await t.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie } })).statusCode;
        };
        expect(await at(11, idle)).toBe(200);
        expect(await at(11 + STAFF_SESSION_TTL_MS / 3600e3 + 0.1, idle)).toBe(401);
        // Used every 10 hours (each working shift), the active one lives to its absolute end.
        const absoluteHours = STAFF_SESSION_ABSOLUTE_MS / 3600e3;
        for (let h = 10; h < absoluteHours - 1; h += 10) expect(await at(h, active), `hour ${h}`).toBe(200);
        expect(await at(absoluteHours + 0.1, active)).toBe(401);
      } finally {
        t.setNow(null);
      }
    });

    it('over HTTPS names the cookie __Host- with Secure, and sends HSTS', async () => {
      const https = await startTestApp({ env: { PUBLIC_URL: 'https://otklik.example' } });
      try {
        await https.db.execute(
          sql`update users set login = ${staffLogin}, password_hash = ${await hashPassword('correct horse battery')} where id = ${c.users.dispatcher.id}`,
        );
        const res = await https.app.inject({ method: 'GET', url: '/api/categories' });
        expect(res.headers['strict-transport-security']).toMatch(/^max-age=\d{8,}/);
        const city = await smallCity(https.db);
        await https.db.execute(
          sql`update users set login = ${`${staffLogin}-s`}, password_hash = ${await hashPassword('correct horse battery')} where id = ${city.users.dispatcher.id}`,
        );
        const signedIn = await https.app.inject({
          method: 'POST',
          url: '/api/auth/password',
          payload: { login: `${staffLogin}-s`, password: 'correct horse battery' },
        });
        expect(signedIn.statusCode, signedIn.body).toBe(200);
        const setCookie = String(signedIn.headers['set-cookie']);
        expect(setCookie).toMatch(/^__Host-otklik_session=/);
        expect(setCookie).toContain('Secure');
        expect(setCookie).toContain('Path=/');
        expect(setCookie).not.toContain('Domain=');
        const cookie = setCookie.split(';')[0];
        expect(
          (await https.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie } })).statusCode,
        ).toBe(200);
        // The unprefixed name is not read over HTTPS.
        const plain = cookie.replace('__Host-', '');
        expect(
          (await https.app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: plain } })).statusCode,
        ).toBe(401);
      } finally {
        await https.close();
      }
    });
  });

  describe('uploads', () => {
    it('stores a photo under its content hash, never under the name it was sent with', async () => {
      const session = await t.signIn(c.users.resident.id);
      const form = await multipart(
        {
          categoryId: String(c.roof.id),
          buildingId: String(c.building.id),
          description: 'Течёт крыша, фото приложено',
        },
        [{ filename: '../../../etc/passwd.png', type: 'image/png', bytes: await png() }],
      );
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/appeals',
        headers: { ...session, ...form.headers },
        payload: form.payload,
      });
      expect(res.statusCode, res.body).toBe(201);
      const [row] = await t.db.execute<{ storage_path: string; sha256: string }>(
        sql`select storage_path, sha256 from attachments where appeal_id = ${res.json().id}`,
      );
      expect(row.storage_path).toBe(path.join(row.sha256.slice(0, 2), row.sha256.slice(2, 4), `${row.sha256}.png`));
      const uploads = path.join(t.dataDir, 'uploads');
      expect(filesUnder(uploads).some((f) => f.includes('passwd'))).toBe(false);

      const photo = await t.app.inject({ method: 'GET', url: res.json().photos[0].url, headers: session });
      expect(photo.statusCode).toBe(200);
      expect(photo.headers['content-type']).toBe('image/png');
      expect(photo.headers['content-disposition']).toBe(`inline; filename="photo-${res.json().photos[0].id}.png"`);
      expect(photo.headers['x-content-type-options']).toBe('nosniff');
      expect(photo.headers['content-security-policy']).toContain("default-src 'none'");
    });

    it('refuses a decompression bomb (a small file of too many pixels) as 422 naming the field, storing nothing', async () => {
      const session = await t.signIn(c.users.resident.id);
      // 12,000 × 12,000 of one colour: a few hundred kB of PNG, 144 megapixels once decoded.
      const bomb = await sharp({ create: { width: 12_000, height: 12_000, channels: 3, background: '#ffffff' } })
        .png({ compressionLevel: 9 })
        .toBuffer();
      expect(bomb.length).toBeLessThan(1024 * 1024);
      const uploads = path.join(t.dataDir, 'uploads');
      const before = filesUnder(uploads).length;
      const form = await multipart(
        { categoryId: String(c.roof.id), buildingId: String(c.building.id), description: 'Очень большое фото' },
        [{ filename: 'bomb.png', type: 'image/png', bytes: bomb }],
      );
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/appeals',
        headers: { ...session, ...form.headers },
        payload: form.payload,
      });
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json()).toMatchObject({
        code: 'upload.image_damaged',
        errors: [{ field: 'photos[0]', code: 'upload.cannot_decode' }],
      });
      expect(filesUnder(uploads).length).toBe(before);
    });

    it('refuses a file over 10 MB and a sixth photo with 413', async () => {
      const session = await t.signIn(c.users.resident.id);
      const fields = {
        categoryId: String(c.roof.id),
        buildingId: String(c.building.id),
        description: 'Слишком много фото',
      };
      const big = await multipart(fields, [
        {
          filename: 'big.png',
          type: 'image/png',
          bytes: Buffer.concat([await png(), Buffer.alloc(10 * 1024 * 1024 + 1)]),
        },
      ]);
      const tooBig = await t.app.inject({
        method: 'POST',
        url: '/api/appeals',
        headers: { ...session, ...big.headers },
        payload: big.payload,
      });
      expect(tooBig.statusCode, tooBig.body).toBe(413);
      expect(tooBig.json().code).toBe('upload.file_too_large');
      const photos = await Promise.all([0, 1, 2, 3, 4, 5].map(() => png()));
      const six = await multipart(
        fields,
        photos.map((bytes, i) => ({ filename: `${i}.png`, type: 'image/png', bytes })),
      );
      const tooMany = await t.app.inject({
        method: 'POST',
        url: '/api/appeals',
        headers: { ...session, ...six.headers },
        payload: six.payload,
      });
      expect(tooMany.statusCode, tooMany.body).toBe(413);
      expect(tooMany.json().code).toMatch(/^upload\.too_many_(files|photos)$/);
    });
  });

  it('serves a stored document with its sniffed type, nosniff, a policy that runs nothing and a Content-Disposition of our own naming', async () => {
    const staff = await t.signIn(c.users.orgStaff.id);
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const form = await multipart({ kind: 'act', title: 'Акт "осмотра"; <b>кв. 12</b>' }, [
      { name: 'file', filename: '../../evil.html', type: 'text/html', bytes: pdf },
    ]);
    const up = await t.app.inject({
      method: 'POST',
      url: `/api/buildings/${c.building.id}/documents`,
      headers: { ...staff, ...form.headers },
      payload: form.payload,
    });
    expect(up.statusCode, up.body).toBe(201);
    const doc = await t.app.inject({ method: 'GET', url: `/api/building-documents/${up.json().id}`, headers: staff });
    expect(doc.statusCode).toBe(200);
    expect(doc.headers['content-type']).toBe('application/pdf');
    expect(doc.headers['x-content-type-options']).toBe('nosniff');
    expect(doc.headers['content-security-policy']).toContain("default-src 'none'");
    const disposition = String(doc.headers['content-disposition']);
    // The plain name is ours; the title travels only percent-encoded (RFC 6266 / 8187), so no quote or tag breaks out.
    expect(disposition).toMatch(
      new RegExp(`^inline; filename="document-${up.json().id}\\.pdf"; filename\\*=UTF-8''[^"; <>]+$`),
    );
    expect(disposition).not.toContain('evil');
  });

  describe('personal-data audit', () => {
    it('records a dispatcher reading an appeal author’s personal data (route, address, subject), not the author reading their own; admins read the trail', async () => {
      const author = await t.signIn(c.users.resident.id);
      const filed = await t.app.inject({
        method: 'POST',
        url: '/api/appeals',
        headers: author,
        payload: {
          categoryId: c.roof.id,
          buildingId: c.building.id,
          description: 'Протекает крыша над подъездом',
          apartment: '7',
        },
      });
      expect(filed.statusCode, filed.body).toBe(201);
      const appeal = filed.json();
      const own = await t.app.inject({ method: 'GET', url: `/api/appeals/${appeal.number}`, headers: author });
      expect(own.statusCode).toBe(200);
      const countFor = async () =>
        Number(
          (
            await t.db.execute<{ n: number }>(
              sql`select count(*)::int as n from personal_data_access where record = ${`appeal:${appeal.id}`}`,
            )
          )[0].n,
        );
      expect(await countFor()).toBe(0);

      const dispatcher = await t.signIn(c.users.dispatcher.id);
      const read = await t.app.inject({ method: 'GET', url: `/api/appeals/${appeal.number}`, headers: dispatcher });
      expect(read.statusCode).toBe(200);
      expect(read.json().personal).not.toBeNull();
      expect(await countFor()).toBe(1);

      const admin = await t.signIn(c.users.admin.id);
      const trail = await t.app.inject({
        method: 'GET',
        url: `/api/admin/personal-data-access?subjectUserId=${c.users.resident.id}&kind=appeal.read_personal`,
        headers: admin,
      });
      expect(trail.statusCode, trail.body).toBe(200);
      const entry = trail.json().items.find((i: { record: string }) => i.record === `appeal:${appeal.id}`);
      expect(entry).toMatchObject({
        actorUserId: c.users.dispatcher.id,
        subjectUserId: c.users.resident.id,
        kind: 'appeal.read_personal',
        route: 'GET /api/appeals/:id',
        ip: '127.0.0.1',
      });

      // Only the municipality's admins read the trail; another municipality's admin sees none of it.
      expect(
        (await t.app.inject({ method: 'GET', url: '/api/admin/personal-data-access', headers: dispatcher })).statusCode,
      ).toBe(403);
      expect((await t.app.inject({ method: 'GET', url: '/api/admin/personal-data-access' })).statusCode).toBe(401);
      const otherAdmin = await t.signIn(c.users.otherAdmin.id);
      const foreign = await t.app.inject({
        method: 'GET',
        url: '/api/admin/personal-data-access',
        headers: otherAdmin,
      });
      expect(foreign.statusCode).toBe(200);
      expect(foreign.json().items).toEqual([]);
    });

    it('records the company reading residents’ link requests (one row each) and a readings export (one bulk row)', async () => {
      const housing = readingMakers(t.db);
      const apartment = await housing.apartment(c.building.id, { number: '31', account: '7700031' });
      const linkId = await housing.link(apartment.id, c.users.otherResident.id, 'pending');
      const staff = await t.signIn(c.users.orgStaff.id);
      const links = await t.app.inject({ method: 'GET', url: '/api/housing/links', headers: staff });
      expect(links.statusCode, links.body).toBe(200);
      expect(links.json().items.map((l: { id: number }) => l.id)).toContain(linkId);
      const exported = await t.app.inject({
        method: 'GET',
        url: '/api/housing/readings/export?period=2031-03&format=csv',
        headers: staff,
      });
      expect(exported.statusCode, exported.body).toBe(200);
      const rows = await t.db.execute<{ kind: string; subject_user_id: string | null; record: string; route: string }>(
        sql`select kind, subject_user_id, record, route from personal_data_access where actor_user_id = ${c.users.orgStaff.id} order by id`,
      );
      expect(
        rows.map((r) => [r.kind, r.subject_user_id === null ? null : Number(r.subject_user_id), r.record, r.route]),
      ).toEqual([
        ['apartment.link_evidence', c.users.otherResident.id, `apartment-link:${linkId}`, 'GET /api/housing/links'],
        ['reading.export', null, 'readings:2031-03:building:all:rows:0', 'GET /api/housing/readings/export'],
      ]);
    });

    it('records an admin reading a resident’s account, and each resident on a page of the accounts list', async () => {
      const admin = await t.signIn(c.users.admin.id);
      const one = await t.app.inject({
        method: 'GET',
        url: `/api/admin/users/${c.users.otherResident.id}`,
        headers: admin,
      });
      expect(one.statusCode, one.body).toBe(200);
      const list = await t.app.inject({
        method: 'GET',
        url: '/api/admin/users?kind=resident&limit=100',
        headers: admin,
      });
      expect(list.statusCode, list.body).toBe(200);
      const shown = (list.json().items as { id: number }[]).map((u) => u.id);
      const rows = await t.db.execute<{ subject_user_id: string; route: string }>(
        sql`select subject_user_id, route from personal_data_access where kind = 'user.manage' and actor_user_id = ${c.users.admin.id}`,
      );
      expect(rows.filter((r) => r.route === 'GET /api/admin/users/:id').map((r) => Number(r.subject_user_id))).toEqual([
        c.users.otherResident.id,
      ]);
      expect(
        rows
          .filter((r) => r.route === 'GET /api/admin/users')
          .map((r) => Number(r.subject_user_id))
          .sort(),
      ).toEqual([...shown].sort());
    });
  });
});
