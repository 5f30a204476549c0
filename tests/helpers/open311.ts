import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { expect } from 'vitest';

/** A well-formed XML document parsed, lists always as arrays where the spec repeats an element. */
export function parseXml(body: string) {
  const valid = XMLValidator.validate(body);
  expect(valid, typeof valid === 'object' ? JSON.stringify(valid.err) : '').toBe(true);
  expect(body.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
  return new XMLParser({
    parseTagValue: false,
    isArray: (name) => ['service', 'request', 'error', 'endpoint', 'format', 'attribute', 'value'].includes(name),
  }).parse(body);
}
