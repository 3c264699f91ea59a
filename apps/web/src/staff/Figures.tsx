import { Table } from '@mantine/core';
import { type ReactNode } from 'react';
import { type AppLocale, intlTag } from '@app/i18n/locales';

/** Numbers and shares in the reader's way of writing them; a missing share is a dash. */
export function numberFormat(locale: AppLocale) {
  const count = new Intl.NumberFormat(intlTag(locale), { maximumFractionDigits: 1 });
  const share = new Intl.NumberFormat(intlTag(locale), { style: 'percent', maximumFractionDigits: 1 });
  return {
    count: (value: number | null) => (value === null ? '–' : count.format(value)),
    share: (value: number | null) => (value === null ? '–' : share.format(value)),
  };
}

/** "March 2026" for a month of the report (YYYY-MM), as such: read mid-month in UTC so no zone moves it. */
export function monthName(month: string, locale: AppLocale): string {
  return new Intl.DateTimeFormat(intlTag(locale), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${month}-15T12:00:00Z`),
  );
}

/** The numbers behind a chart, as a table: what screen readers read, and what the chart shows. */
export function FiguresTable({
  caption,
  head,
  rows,
  testId,
}: {
  caption: string;
  head: string[];
  rows: Array<{ key: string; cells: ReactNode[] }>;
  testId: string;
}) {
  return (
    // A wide table scrolls on a phone; the region takes the focus so the keyboard can scroll it too.
    <div className="table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <Table data-testid={testId} striped withTableBorder captionSide="top" fz="sm">
        <caption className="visually-hidden">{caption}</caption>
        <Table.Thead>
          <Table.Tr>
            {head.map((h, i) => (
              <Table.Th key={h} scope="col" ta={i === 0 ? 'start' : 'end'}>
                {h}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.key}>
              {row.cells.map((cell, i) =>
                i === 0 ? (
                  <Table.Th key={i} scope="row" fw={400}>
                    {cell}
                  </Table.Th>
                ) : (
                  <Table.Td key={i} ta="end">
                    {cell}
                  </Table.Td>
                ),
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}
