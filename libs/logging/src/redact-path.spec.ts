import { redactPath } from './logging.module';

describe('request paths in the log', () => {
  it('drops the secret of a calendar feed, and leaves every other path alone', () => {
    expect(redactPath('/v1/calendar-feeds/AbC_dEf-123.ics')).toBe('/v1/calendar-feeds/[secret]');
    expect(redactPath('/v1/me/calendar-feed')).toBe('/v1/me/calendar-feed');
    expect(redactPath('/v1/sessions/0b4f5a4e-8f0c-4d3e-9a7b-2c1d0e9f8a7b/calendar.ics')).toBe(
      '/v1/sessions/0b4f5a4e-8f0c-4d3e-9a7b-2c1d0e9f8a7b/calendar.ics',
    );
  });
});
