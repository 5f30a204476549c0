import { inflateRawSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import type { MeterKind } from '../../dispatch/readings.ts';

/** Factories for issue 6's meters: an apartment with its meters, and past readings. */
export function readingMakers(db: Database) {
  return {
    async apartment(
      buildingId: number,
      o: {
        number: string;
        account?: string;
        meters?: { kind: MeterKind; tariffs?: number; serial: string; verificationDue?: string }[];
      },
    ) {
      const [a] = await db.execute(
        sql`insert into apartments (building_id, number, account_number) values (${buildingId}, ${o.number}, ${o.account ?? null}) returning id`,
      );
      const meterIds: number[] = [];
      for (const m of o.meters ?? []) {
        const [row] = await db.execute(
          sql`insert into meters (apartment_id, kind, tariffs, serial_number, verification_due) values (${a.id}, ${m.kind}, ${m.tariffs ?? 1}, ${m.serial}, ${m.verificationDue ?? null}) returning id`,
        );
        meterIds.push(Number(row.id));
      }
      return { id: Number(a.id), meterIds };
    },
    async link(
      apartmentId: number,
      userId: number,
      status: 'pending' | 'confirmed' | 'rejected' | 'revoked' = 'confirmed',
    ) {
      const [row] = await db.execute(
        sql`insert into apartment_links (apartment_id, user_id, status, evidence) values (${apartmentId}, ${userId}, ${status}, '1234567') returning id`,
      );
      return Number(row.id);
    },
    /** Readings of past periods, submitted on the 20th of each month at noon UTC. */
    async history(
      meterId: number,
      userId: number,
      rows: { period: string; values: number[]; consumption?: number[] | null }[],
    ) {
      for (const r of rows) {
        const at = new Date(`${r.period}-20T12:00:00Z`);
        await db.execute(sql`insert into meter_readings (meter_id, period, values, consumption, source, submitted_by, submitted_at)
          values (${meterId}, ${r.period}, ${`{${r.values.join(',')}}`}::numeric[], ${r.consumption ? `{${r.consumption.join(',')}}` : null}::numeric[], 'resident', ${userId}, ${at})`);
      }
    },
  };
}

/** The text files of a ZIP archive (deflated or stored), read from its central directory. */
export function unzip(buf: Buffer): Map<string, string> {
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('not a zip: no end of central directory');
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const files = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory entry');
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(dataAt, dataAt + size);
    files.set(name, (method === 8 ? inflateRawSync(data) : data).toString('utf8'));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

/** The cells of an XLSX workbook's first sheet, as rows of text (inline strings and numbers). */
export function readXlsx(buf: Buffer): string[][] {
  const files = unzip(buf);
  for (const part of ['[Content_Types].xml', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', '_rels/.rels']) {
    if (!files.has(part)) throw new Error(`missing ${part}`);
  }
  const sheet = files.get('xl/worksheets/sheet1.xml');
  if (!sheet) throw new Error('missing sheet1');
  const unescapeXml = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
  return [...sheet.matchAll(/<row r="(\d+)">(.*?)<\/row>/g)].map(([, , cells]) => {
    const out: string[] = [];
    for (const [, ref, inner] of cells.matchAll(/<c r="([A-Z]+)\d+"[^>]*>(.*?)<\/c>/g)) {
      const col = [...ref].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
      const text = inner.match(/<t[^>]*>(.*?)<\/t>/)?.[1] ?? inner.match(/<v>(.*?)<\/v>/)?.[1] ?? '';
      out[col] = unescapeXml(text);
    }
    return Array.from(out, (v) => v ?? '');
  });
}
