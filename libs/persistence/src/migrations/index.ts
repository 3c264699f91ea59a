import { InitialSchema1764000000000 } from './1764000000000-initial-schema';
import { SeedAcademies1764000000001 } from './1764000000001-seed-academies';
import { CoachingAndSessions1764000000002 } from './1764000000002-coaching-and-sessions';
import { Notifications1764000000003 } from './1764000000003-notifications';
import { Coordination1764000000004 } from './1764000000004-coordination';
import { Accounts1764000000005 } from './1764000000005-accounts';
import { Hardening1764000000006 } from './1764000000006-hardening';
import { AccountLinksDie1765100000000 } from './1765100000000-account-links-die';
import { MeetingRooms1765700000001 } from './1765700000001-meeting-rooms';
import { WaitingList1765400000000 } from './1765400000000-waiting-list';
import { SessionFeedback1765600000001 } from './1765600000001-session-feedback';

/** Every migration, in order. Listed explicitly so the bundle-free build and the CLI agree. */
export const MIGRATIONS = [
  InitialSchema1764000000000,
  SeedAcademies1764000000001,
  CoachingAndSessions1764000000002,
  Notifications1764000000003,
  Coordination1764000000004,
  Accounts1764000000005,
  Hardening1764000000006,
  AccountLinksDie1765100000000,
  MeetingRooms1765700000001,
  WaitingList1765400000000,
  SessionFeedback1765600000001,
];
