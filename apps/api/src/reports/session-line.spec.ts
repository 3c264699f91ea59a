import { csvLine } from './csv';
import { CSV_HEADER, sessionLineWriter, sessionRow } from './reports.service';

describe('sessionLineWriter', () => {
  const names = new Map([
    ['c1', 'Đorđe "Đoka", Petrović'],
    ['c2', '=HYPERLINK("http://x")'],
    ['c3', 'Amina'],
  ]);
  const rows = [
    { id: '7d1f0c8e-2b1a-4c3e-9f00-000000000001', coachId: 'c1', topic: 'housing', language: 'sr', start: '2026-03-30T18:00:00+02:00', end: '2026-03-30T18:30:00+02:00', hours: 0.5, status: 'completed' as const },
    { id: '7d1f0c8e-2b1a-4c3e-9f00-000000000002', coachId: 'c2', topic: 'a,b', language: 'ur', start: '2026-01-01T00:00:00Z', end: '2026-01-01T01:00:00Z', hours: 1, status: 'cancelled' as const },
    { id: '7d1f0c8e-2b1a-4c3e-9f00-000000000003', coachId: 'gone', topic: '-x', language: 'it', start: '2026-01-01T00:00:00-05:00', end: '2026-01-01T01:15:00-05:00', hours: 1.25, status: 'booked' as const },
    { id: '7d1f0c8e-2b1a-4c3e-9f00-000000000004', coachId: 'c3', topic: 'employment', language: 'en', start: '2026-01-01T00:00:00+05:45', end: '2026-01-01T00:45:00+05:45', hours: 0.75, status: 'coach_no_show' as const },
  ];

  it('writes each session exactly as the generic CSV rules do, quoting and defusing where needed', () => {
    const write = sessionLineWriter(names);
    for (const row of rows) {
      const line = write(row);
      expect(line).toBe(csvLine(sessionRow(row, names)));
      expect(csvLine(sessionRow(row, names)).split(',').length).toBeGreaterThanOrEqual(CSV_HEADER.length);
    }
    // The same again: remembered cells give the same text.
    expect(rows.map(write)).toEqual(rows.map((row) => csvLine(sessionRow(row, names))));
  });
});
