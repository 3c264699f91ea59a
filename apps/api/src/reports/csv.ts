export type CsvCell = string | number | null;

/** The byte order mark a CSV download starts with. */
export const CSV_BOM = '\uFEFF';
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
  return CSV_BOM + csvLine(header) + rows.map(csvLine).join('');
}

/** One record with its CRLF: for writing a CSV a few rows at a time. */
export function csvLine(cells: readonly CsvCell[]): string {
  return cells.map(cell).join(',') + '\r\n';
}
