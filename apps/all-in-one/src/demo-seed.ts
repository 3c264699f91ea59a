import { createHash, randomBytes } from 'node:crypto';
import { type INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/config';
import {
  AcademiesRepository,
  CoachAvailabilityRepository,
  CoachProfilesRepository,
  type Role,
  UsersRepository,
  WaitingListRepository,
} from '@app/persistence';
import { PasswordHasher } from '@app/security';

/** Every demo account signs in with this; the demo refuses to run in production. */
export const DEMO_PASSWORD = 'try-the-demo-2026';

interface DemoPerson {
  email: string;
  role: Role;
  academy: 'siena' | 'belgrade' | null;
  displayName: string;
  locale: string;
  timeZone: string;
  languages: string[];
  coach?: { topics: string[]; bio: string; weekly: Array<{ weekday: number; start: string; end: string }> };
}

const weekdays = (start: string, end: string) => [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start, end }));
const everyDay = (start: string, end: string) => [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start, end }));

/**
 * A coach's or a newcomer's account, the address made from the name: "giulia.coach@demo.example",
 * "amina@demo.example". A coach's entry adds the profile.
 */
const member = (
  role: 'coach' | 'newcomer',
  displayName: string,
  academy: 'siena' | 'belgrade',
  locale: string,
  timeZone: string,
  languages: string[],
): DemoPerson => ({
  email: `${displayName.toLowerCase()}${role === 'coach' ? '.coach' : ''}@demo.example`,
  role,
  academy,
  displayName,
  locale,
  timeZone,
  languages,
});

/**
 * Both academies, coaches on four continents, and newcomers who between
 * them use every supported locale (en, it, sr, uk, ar, ur, fa).
 */
const PEOPLE: DemoPerson[] = [
  {
    email: 'admin@demo.example',
    role: 'admin',
    academy: null,
    displayName: 'Demo admin',
    locale: 'en',
    timeZone: 'Europe/Rome',
    languages: ['en'],
  },
  {
    email: 'coordinator.siena@demo.example',
    role: 'coordinator',
    academy: 'siena',
    displayName: 'Chiara (Siena)',
    locale: 'it',
    timeZone: 'Europe/Rome',
    languages: ['it', 'en'],
  },
  {
    email: 'coordinator.belgrade@demo.example',
    role: 'coordinator',
    academy: 'belgrade',
    displayName: 'Milica (Belgrade)',
    locale: 'sr',
    timeZone: 'Europe/Belgrade',
    languages: ['sr', 'en'],
  },
  {
    ...member('coach', 'Giulia', 'siena', 'it', 'Europe/Rome', ['it', 'en']),
    coach: { topics: ['employment', 'education', 'language'], bio: 'Careers adviser in Florence.', weekly: weekdays('09:00', '13:00') },
  },
  {
    ...member('coach', 'Imran', 'siena', 'ur', 'Asia/Karachi', ['ur', 'en']),
    coach: {
      topics: ['employment', 'public-services'],
      bio: 'Engineer in Karachi; came to Italy as a student.',
      weekly: weekdays('18:00', '22:00'),
    },
  },
  {
    ...member('coach', 'Maryam', 'siena', 'fa', 'America/Toronto', ['fa', 'en']),
    coach: { topics: ['education', 'housing'], bio: 'Social worker in Toronto.', weekly: weekdays('07:00', '11:00') },
  },
  {
    ...member('coach', 'Chidi', 'siena', 'en', 'Africa/Lagos', ['en', 'it']),
    coach: { topics: ['employment', 'everyday-life'], bio: 'Entrepreneur in Lagos.', weekly: everyDay('08:00', '20:00') },
  },
  {
    ...member('coach', 'Jelena', 'belgrade', 'sr', 'Europe/Belgrade', ['sr', 'en']),
    coach: { topics: ['employment', 'housing', 'public-services'], bio: 'Lawyer in Novi Sad.', weekly: everyDay('08:00', '20:00') },
  },
  {
    ...member('coach', 'Olena', 'belgrade', 'uk', 'Europe/Kyiv', ['uk', 'sr', 'en']),
    coach: { topics: ['education', 'language'], bio: 'Teacher from Kharkiv.', weekly: weekdays('10:00', '14:00') },
  },
  {
    ...member('coach', 'Omar', 'belgrade', 'ar', 'Australia/Sydney', ['ar', 'en']),
    coach: { topics: ['employment', 'everyday-life'], bio: 'Nurse in Sydney.', weekly: weekdays('17:00', '21:00') },
  },
  member('newcomer', 'Amina', 'siena', 'ur', 'Europe/Rome', ['ur', 'en']),
  member('newcomer', 'Reza', 'siena', 'fa', 'Europe/Rome', ['fa', 'en']),
  member('newcomer', 'Fatou', 'siena', 'it', 'Europe/Rome', ['it', 'en']),
  member('newcomer', 'Oksana', 'belgrade', 'uk', 'Europe/Belgrade', ['uk', 'sr']),
  member('newcomer', 'Ahmad', 'belgrade', 'ar', 'Europe/Belgrade', ['ar', 'en']),
  member('newcomer', 'Dragana', 'belgrade', 'sr', 'Europe/Belgrade', ['sr']),
  member('newcomer', 'Sam', 'belgrade', 'en', 'Europe/Belgrade', ['en']),
];

/**
 * Seeds the demo accounts once (an account that exists is left alone) and
 * returns the lines that tell the reader how to sign in.
 */
export async function seedDemo(api: INestApplication): Promise<string[]> {
  const users = api.get(UsersRepository);
  const coachProfiles = api.get(CoachProfilesRepository);
  const coachAvailability = api.get(CoachAvailabilityRepository);
  const academies = api.get(AcademiesRepository);
  const academyIds = {
    siena: (await academies.findBySlug('siena'))!.id,
    belgrade: (await academies.findBySlug('belgrade'))!.id,
  };
  const passwordHash = await new PasswordHasher().hash(DEMO_PASSWORD);
  let created = 0;
  const createdIds = new Map<string, { id: string; academyId: string | null }>();
  for (const person of PEOPLE) {
    if (await users.findForLogin(person.email)) continue;
    const academyId = person.academy ? academyIds[person.academy] : null;
    const user = await users.create(
      {
        email: person.email,
        passwordHash,
        role: person.role,
        academyId,
        displayName: person.displayName,
        locale: person.locale,
        timeZone: person.timeZone,
        languages: person.languages,
        emailVerifiedAt: new Date(),
      },
      { actorId: null, action: 'account.demo-seeded' },
    );
    createdIds.set(person.email, { id: user.id, academyId });
    if (person.coach) {
      const audit = { actorId: null, academyId, action: 'coach.demo-seeded' };
      await coachProfiles.create(
        {
          userId: user.id,
          topics: person.coach.topics,
          bio: person.coach.bio,
          status: 'active',
          sessionLengths: [30, 45, 60],
          minimumNoticeMinutes: 60,
        },
        audit,
      );
      await coachAvailability.replaceWeekly(user.id, person.timeZone, person.coach.weekly, audit);
    }
    created++;
  }
  await seedWaitingList(api, createdIds);
  // Only with the accounts: a second start finds them and adds nothing.
  if (created > 0) await seedPastSessions(api.get(DataSource), new Date());
  const table = (role: Role) =>
    PEOPLE.filter((p) => p.role === role).map(
      (p) => `    ${p.email.padEnd(36)} ${p.displayName} · ${p.academy ?? 'all academies'} · ${p.locale} · ${p.timeZone}`,
    );
  return [
    created > 0 ? `Demo data: ${created} accounts created.` : 'Demo data: already present.',
    `  Every demo account's password is ${DEMO_PASSWORD}`,
    '  Newcomers:',
    ...table('newcomer'),
    '  Coaches:',
    ...table('coach'),
    '  Coordinators and admin:',
    ...table('coordinator'),
    ...table('admin'),
  ];
}

/**
 * Needs no demo coach covers, so the waiting list, the demand page and its chart show something: who asked, for
 * which language and topic, how long ago, and the searches that found nobody. Only for newcomers made in this run.
 */
const DEMO_WAITING: ReadonlyArray<{ email: string; languages: string[]; topics: string[]; daysAgo: number; searches: number }> = [
  { email: 'amina@demo.example', languages: ['ur'], topics: ['housing'], daysAgo: 41, searches: 8 },
  { email: 'reza@demo.example', languages: ['fa'], topics: ['public-services'], daysAgo: 12, searches: 3 },
  { email: 'ahmad@demo.example', languages: ['ar'], topics: ['housing'], daysAgo: 20, searches: 5 },
  { email: 'oksana@demo.example', languages: ['uk'], topics: ['housing'], daysAgo: 6, searches: 2 },
];

async function seedWaitingList(
  api: INestApplication,
  created: ReadonlyMap<string, { id: string; academyId: string | null }>,
): Promise<void> {
  const waitingList = api.get(WaitingListRepository);
  const days = api.get<AppConfig>(APP_CONFIG).waitingListDays;
  for (const wish of DEMO_WAITING) {
    const person = PEOPLE.find((p) => p.email === wish.email);
    const account = created.get(wish.email);
    if (!person || !account?.academyId) continue;
    const joined = new Date(Date.now() - wish.daysAgo * 86_400_000);
    await waitingList.join(
      {
        newcomerId: account.id,
        academyId: account.academyId,
        languages: wish.languages,
        topics: wish.topics,
        timeZone: person.timeZone,
        preferredWindows: [],
      },
      joined,
      new Date(joined.getTime() + days * 86_400_000),
    );
    for (let i = 0; i < wish.searches; i++) await waitingList.countUnmetSearch(account.academyId, new Date(), wish.languages, wish.topics);
  }
}

const SCORES = [5, 4, 4, 3, 5, 2, 4, 5, 3, 4];
const PROGRESS = ['good', 'some', 'good', 'none', 'some'] as const;

/**
 * Past sessions of the last four months for each academy, with newcomers'
 * answers, coaches' reports and a few safeguarding flags (one urgent and one
 * concern open, one closed), so the feedback figures and the flags page show
 * something. Written straight into the tables: the API books only ahead. The
 * feedback links' hashes are of random tokens that were never mailed.
 */
async function seedPastSessions(db: DataSource, now: Date): Promise<void> {
  for (const academy of ['siena', 'belgrade'] as const) {
    const people = (role: Role) => PEOPLE.filter((p) => p.academy === academy && p.role === role);
    const ids = async (list: DemoPerson[]) =>
      (await db.query(`SELECT id, email FROM app_user WHERE email = ANY($1) ORDER BY email`, [list.map((p) => p.email)])) as Array<{
        id: string;
        email: string;
      }>;
    const coaches = await ids(people('coach'));
    const newcomers = await ids(people('newcomer'));
    const [coordinator] = await ids(PEOPLE.filter((p) => p.academy === academy && p.role === 'coordinator'));
    const [{ id: academyId }] = await db.query(`SELECT id FROM academy WHERE slug = $1`, [academy]);
    if (coaches.length === 0 || newcomers.length === 0) continue;
    for (let i = 0; i < 24; i++) {
      const coach = coaches[i % coaches.length];
      const newcomer = newcomers[i % newcomers.length];
      const topics = PEOPLE.find((p) => p.email === coach.email)!.coach!.topics;
      const start = new Date(now.getTime() - (i * 5 + 2) * 86_400_000);
      start.setUTCHours(9 + (i % 4), 0, 0, 0);
      const end = new Date(start.getTime() + 45 * 60_000);
      const status = i % 7 === 3 ? 'newcomer_no_show' : i % 11 === 5 ? 'coach_no_show' : 'completed';
      const [{ id }] = await db.query(
        `INSERT INTO coaching_session (coach_id, newcomer_id, academy_id, booked_by, topic, language, start_at, end_at, blocked_start, blocked_end,
                                       meeting_url, status, attendance_recorded_at)
         VALUES ($1, $2, $3, $2, $4, 'en', $5, $6, $5, $6, $7, $8, $6) RETURNING id`,
        [
          coach.id,
          newcomer.id,
          academyId,
          topics[i % topics.length],
          start,
          end,
          `https://meet.jit.si/cac-${randomBytes(16).toString('hex')}`,
          status,
        ],
      );
      if (status === 'newcomer_no_show') continue;
      const answered = i % 4 !== 0;
      await db.query(
        `INSERT INTO session_feedback (session_id, newcomer_id, token_hash, link_expires_at, score, happened, answered_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          id,
          newcomer.id,
          createHash('sha256').update(randomBytes(32)).digest(),
          new Date(end.getTime() + 15 * 86_400_000),
          answered ? SCORES[i % SCORES.length] : null,
          answered ? (status === 'coach_no_show' ? 'coach_absent' : 'yes') : null,
          answered ? new Date(end.getTime() + 2 * 3_600_000) : null,
        ],
      );
      if (status !== 'completed') continue;
      const concern = i === 1 ? 'urgent' : i === 4 || i === 13 ? 'concern' : 'none';
      const closed = i === 13;
      await db.query(
        `INSERT INTO coach_report (session_id, coach_id, topics, progress, concern, concern_note, flag_raised_at, flag_closed_at, flag_closed_by, flag_close_note)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          id,
          coach.id,
          [topics[i % topics.length]],
          PROGRESS[i % PROGRESS.length],
          concern,
          concern === 'none'
            ? null
            : concern === 'urgent'
              ? 'Said they have nowhere to sleep next week.'
              : 'Seemed very tired and worried about rent.',
          concern === 'none' ? null : end,
          closed ? new Date(end.getTime() + 86_400_000) : null,
          closed ? (coordinator?.id ?? null) : null,
          closed ? 'Referred to the housing desk; followed up by phone.' : null,
        ],
      );
    }
  }
}
