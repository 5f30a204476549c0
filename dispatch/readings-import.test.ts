import { describe, expect, it } from 'vitest';
import { identificationProblem, parseCsv, readImportCsv } from './readings-import.ts';

describe('reading import files', () => {
  it('parses quoted fields with separators, quotes and line breaks', () => {
    expect(parseCsv('a,"b,c","say ""hi"""\r\n"x\ny",2', ',')).toEqual([
      ['a', 'b,c', 'say "hi"'],
      ['x\ny', '2'],
    ]);
  });

  it('reads semicolon files with decimal commas and numbers lines as in the file', () => {
    const { lines, refused, headerProblem } = readImportCsv(
      '\uFEFFSerial;Value1;value2;Period\r\nA-1;12,5;3;2026-10\r\n\r\nA-2;x\r\nA-3;1;;2026-13\r\n',
    );
    expect(headerProblem).toBeNull();
    expect(lines).toEqual([
      {
        line: 2,
        buildingId: null,
        apartment: null,
        account: null,
        kind: null,
        serial: 'A-1',
        values: [12.5, 3],
        period: '2026-10',
      },
    ]);
    expect(refused.map((r) => [r.line, r.field])).toEqual([
      [4, 'values.0'],
      [5, 'period'],
    ]);
  });

  it('reads comma files by apartment and kind, and refuses unknown kinds', () => {
    const { lines, refused } = readImportCsv('building_id,apartment,kind,value\n7,12А,cold_water,100\n7,13,steam,1\n');
    expect(lines[0]).toMatchObject({ line: 2, buildingId: 7, apartment: '12А', kind: 'cold_water', values: [100] });
    expect(refused).toEqual([
      {
        line: 3,
        field: 'kind',
        reason: { id: 'reading.import.kind', params: { kinds: expect.stringContaining('cold_water') } },
      },
    ]);
  });

  it('names the missing columns of a file it cannot read', () => {
    expect(readImportCsv('foo,bar\n1,2\n').headerProblem).toEqual({ id: 'reading.import.no_value1' });
    expect(readImportCsv('kind,value1\ngas,1\n').headerProblem).toEqual({ id: 'reading.import.no_meter_column' });
  });

  it('says which column a line lacks to find its meter', () => {
    const base = { serial: null, apartment: null, account: null, buildingId: null, kind: null };
    expect(identificationProblem({ ...base, serial: 'X' })).toBeNull();
    expect(identificationProblem({ ...base, apartment: '1' })).toBe('building_id');
    expect(identificationProblem({ ...base, account: '1' })).toBe('kind');
    expect(identificationProblem(base)).toBe('serial');
  });
});
