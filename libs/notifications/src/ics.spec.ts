import { sessionCalendar, sessionEvent, type CalendarSession } from './ics';

const session: CalendarSession = {
  id: 's1',
  version: 2,
  topic: 'employment',
  startAt: new Date('2026-03-30T16:00:00Z'),
  endAt: new Date('2026-03-30T17:00:00Z'),
  joinUrl: 'https://coaching.example/sessions/s1/join',
  cancelled: false,
  coachName: 'Marco',
  newcomerName: 'Amina',
};

describe('a session’s calendar event', () => {
  it('is written in the reader’s language: the topic’s name, the names, the link', () => {
    expect(sessionEvent({ ...session, locale: 'uk' }, 'PUBLISH', new Date())).toMatchObject({
      summary: 'Коучинг-сесія: Робота',
      description: 'Marco і Amina. Приєднатися онлайн: https://coaching.example/sessions/s1/join',
    });
    expect(sessionEvent({ ...session, locale: 'ur' }, 'PUBLISH', new Date()).summary).toBe('کوچنگ سیشن: روزگار');
    const calendar = sessionCalendar({ ...session, locale: 'ar' }, 'PUBLISH', new Date());
    expect(calendar).toContain('SUMMARY:جلسة تدريب: العمل');
  });

  it('falls back to English for an unknown language, and to the slug for an unknown topic', () => {
    expect(sessionEvent({ ...session, locale: 'xx', topic: 'legal-aid' }, 'PUBLISH', new Date()).summary).toBe(
      'Coaching session: legal-aid',
    );
    expect(sessionEvent(session, 'PUBLISH', new Date()).summary).toBe('Coaching session: Work');
  });
});
