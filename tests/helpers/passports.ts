import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import * as s from '../../db/schema/index.ts';

/** The passport change rows of a building, oldest first. */
export async function passportChangeRows(db: Database, buildingId: number) {
  return db
    .select()
    .from(s.passportChanges)
    .where(eq(s.passportChanges.buildingId, buildingId))
    .orderBy(s.passportChanges.id);
}

/** A minimal valid PDF. */
export function pdf(text = 'Технический паспорт'): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
    'utf8',
  );
}
