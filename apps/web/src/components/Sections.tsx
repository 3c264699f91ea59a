import { Stack, Table, Title } from '@mantine/core';
import { type ReactNode } from 'react';
import { QueryError } from './QueryError';

interface Load {
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
}

/** A titled part of a page; with a load of its own, if that fails, the error and a retry stand under its title and the rest of the page stays. */
export function PageSection({ id, title, load, children }: { id: string; title: ReactNode; load?: Load; children: ReactNode }) {
  return (
    <Stack gap="sm" component="section" aria-labelledby={id}>
      <Title order={2} fz={20} id={id}>
        {title}
      </Title>
      {load?.isError && <QueryError error={load.error} onRetry={() => load.refetch()} />}
      {children}
    </Stack>
  );
}

interface ScrollTableProps {
  /** The region's name: the words themselves, or the id of the title that says them. */
  label: { text: string } | { titleId: string };
  testId: string;
  minWidth: number;
  columns: string[];
  /** The rows, each a Table.Tr. */
  children: ReactNode;
}

/** A list of records as a table; a wide table scrolls on a phone, and the region takes the focus so the keyboard can scroll it too. */
export function ScrollTable({ label, testId, minWidth, columns, children }: ScrollTableProps) {
  const name = 'text' in label ? { 'aria-label': label.text } : { 'aria-labelledby': label.titleId };
  return (
    <div className="table-scroll" tabIndex={0} role="region" {...name}>
      <Table data-testid={testId} striped withTableBorder fz="sm" miw={minWidth}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((column) => (
              <Table.Th key={column} scope="col">
                {column}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </div>
  );
}
