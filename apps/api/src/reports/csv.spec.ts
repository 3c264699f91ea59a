import { parse } from 'csv-parse/sync';
import { toCsv } from './csv';

describe('toCsv', () => {
  it('writes RFC 4180 with a BOM, and a real parser reads back exactly what went in', () => {
    const rows = [
      ['Đorđe "Đoka" Petrović', 3, null],
      ['line\nbreak, and comma', 0.25, 'x'],
    ];
    const text = toCsv(['name', 'value', 'note'], rows);
    expect(text.startsWith('\uFEFFname,value,note\r\n')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    const parsed = parse(text, { bom: true, columns: true });
    expect(parsed).toEqual([
      { name: 'Đorđe "Đoka" Petrović', value: '3', note: '' },
      { name: 'line\nbreak, and comma', value: '0.25', note: 'x' },
    ]);
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    const parsed: Array<{ name: string }> = parse(toCsv(['name'], [['=HYPERLINK("http://x")'], ['+1'], ['@SUM(A1)'], ['-2']]), {
      bom: true,
      columns: true,
    });
    expect(parsed.map((r) => r.name)).toEqual([`'=HYPERLINK("http://x")`, `'+1`, `'@SUM(A1)`, `'-2`]);
  });
});
