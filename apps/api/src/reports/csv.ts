export type CsvCell = string | number | null;

const BOM = '\uFEFF';
/** Cells a spreadsheet would run as a formula (CWE-1236); such text gets a leading apostrophe. */
const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: CsvCell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * RFC 4180: CRLF line ends, fields with commas, quotes or line breaks
 * quoted, quotes doubled. UTF-8 with a byte order mark, which spreadsheet
 * programs need to read the accents of Italian and Serbian names right.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [header.map(cell).join(','), ...rows.map((row) => row.map(cell).join(','))];
  return BOM + lines.join('\r\n') + '\r\n';
}
