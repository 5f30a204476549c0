/**
 * Address text normalisation for search: residents type "баумана 12", "ул Баумана д.12",
 * "Бауманна, 12" — all must find "ул. Баумана, д. 12". Stored search text and queries go through
 * the same function; pg_trgm then tolerates typos and word order.
 */

// Street-type and house-part words that carry no identity ("ул.", "дом", "корп.").
const noise = new Set([
  'ул',
  'улица',
  'пр',
  'пр-т',
  'просп',
  'проспект',
  'пер',
  'переулок',
  'пл',
  'площадь',
  'б-р',
  'бул',
  'бульвар',
  'ш',
  'шоссе',
  'наб',
  'набережная',
  'проезд',
  'пр-д',
  'тупик',
  'туп',
  'д',
  'дом',
  'г',
  'город',
  'мкр',
  'микрорайон',
  'кв',
  'квартира',
]);

// Words of a leading "Россия, Республика Татарстан, г. Казань," part: dropped only as whole
// comma-separated parts, so that "ул. Татарстан" keeps its name.
const region = new Set(['россия', 'рф', 'республика', 'респ', 'рт', 'татарстан', 'г', 'город', 'казань', 'иннополис']);

/** Lower-case, ё→е, punctuation to spaces, street-type words dropped, numbers kept with letters. */
export function normaliseAddress(text: string): string {
  const parts = text.toLowerCase().replaceAll('ё', 'е').split(',');
  const kept = parts.filter((part) => {
    const words = part.split(/[^\p{L}]+/u).filter(Boolean);
    return !(words.length > 0 && words.every((w) => region.has(w)) && /^\D*$/.test(part));
  });
  const words = kept
    .join(' ')
    // "12а" and "12 а" and "12/1" stay together as a house number
    .replace(/(\d)\s+([а-я])(?![а-я])/g, '$1$2')
    .replace(/корп(ус)?\.?\s*/g, ' к')
    .replace(/стр(оение)?\.?\s*(\d)/g, ' с$2')
    .replace(/[^\p{L}\p{N}/-]+/gu, ' ')
    .split(' ')
    .filter((w) => w && !noise.has(w));
  return words.join(' ');
}

/** Display address in the Russian postal style: "ул. Баумана, д. 12, корп. 2". */
export function formatAddress(parts: { street: string; house: string; block?: string | null }): string {
  return [parts.street, `д. ${parts.house}`, parts.block ? `корп. ${parts.block}` : null].filter(Boolean).join(', ');
}
