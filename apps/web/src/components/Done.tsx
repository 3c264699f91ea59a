import { Alert } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { type ReactNode } from 'react';

/** What a step achieved, read out politely as soon as it appears. */
export function Done({ children }: { children: ReactNode }) {
  return (
    <Alert color="green" icon={<IconCheck aria-hidden />} role="status">
      {children}
    </Alert>
  );
}
