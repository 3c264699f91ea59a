import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { formatDay } from '../time/format';
import { renderIn } from '../test/render';
import { TimePair } from './TimePair';

const coach = { name: 'Maryam', timeZone: 'America/Toronto' };

describe('TimePair: both sides of a meeting, each with its city', () => {
  it('follows Toronto’s clock change while Rome has not changed yet (15 March 2027): 14:00 in Rome is 09:00 in Toronto', async () => {
    renderIn('it', <TimePair start={new Date('2027-03-15T13:00:00Z')} timeZone="Europe/Rome" coach={coach} />);
    expect(await screen.findByText('14:00 a Roma · 09:00 per Maryam a Toronto')).toBeTruthy();
  });

  it('shows the usual six hours the week before Toronto moves, and six again once Rome has moved too', async () => {
    renderIn(
      'en',
      <>
        <TimePair start={new Date('2027-03-12T13:00:00Z')} timeZone="Europe/Rome" coach={coach} />
        <TimePair start={new Date('2027-03-29T12:00:00Z')} timeZone="Europe/Rome" coach={coach} />
      </>,
    );
    expect(await screen.findAllByText('14:00 in Rome · 08:00 for Maryam in Toronto')).toHaveLength(2);
  });

  it('shows one time when both live by the same clock', async () => {
    renderIn(
      'en',
      <TimePair start={new Date('2027-03-15T08:00:00Z')} timeZone="Europe/Rome" coach={{ name: 'Giulia', timeZone: 'Europe/Rome' }} />,
    );
    expect(await screen.findByText('09:00 Rome time')).toBeTruthy();
  });

  it('names the coach’s weekday when it is another day there', async () => {
    renderIn(
      'en',
      <TimePair start={new Date('2027-03-15T22:00:00Z')} timeZone="Europe/Rome" coach={{ name: 'Ali', timeZone: 'Australia/Sydney' }} />,
    );
    expect(await screen.findByText('23:00 in Rome · Tue 09:00 for Ali in Sydney')).toBeTruthy();
  });

  it('shows only the reader’s time, with its city, when the other zone is unknown; a zone without a translated city uses its IANA city', async () => {
    renderIn(
      'ur',
      <>
        <TimePair start={new Date('2027-03-15T13:00:00Z')} timeZone="Europe/Rome" />
        <TimePair start={new Date('2027-03-15T13:00:00Z')} timeZone="America/Argentina/Buenos_Aires" />
      </>,
    );
    expect(await screen.findByText('روم کے وقت 14:00')).toBeTruthy();
    expect(screen.getByText('Buenos Aires کے وقت 10:00')).toBeTruthy();
  });
});

describe('dates', () => {
  it('are Gregorian in Farsi, with Persian digits and month names, never Solar Hijri', () => {
    const day = formatDay(new Date('2027-03-15T13:00:00Z'), 'Europe/Rome', 'fa');
    expect(day).toContain('مارس');
    expect(day).toContain('۲۰۲۷');
    expect(day).not.toMatch(/۱۴۰[56]|اسفند/);
  });

  it('are read in the zone given, not the machine’s: 23:30 UTC is already the next day in Rome', () => {
    expect(formatDay(new Date('2027-03-15T23:30:00Z'), 'Europe/Rome', 'en')).toMatch(/^Tuesday,? 16 March 2027$/);
    expect(formatDay(new Date('2027-03-15T23:30:00Z'), 'America/Toronto', 'en')).toMatch(/^Monday,? 15 March 2027$/);
  });
});
