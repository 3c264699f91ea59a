import ar from './messages/ar.json';
import en from './messages/en.json';
import fa from './messages/fa.json';
import it from './messages/it.json';
import sr from './messages/sr.json';
import uk from './messages/uk.json';
import ur from './messages/ur.json';
import { type AppLocale } from './locales';

/** Every catalogue, for the server (mail). The web app loads only the reader's, on demand. */
export type MessageKey = keyof typeof en;
export const CATALOGUES: Record<AppLocale, Record<MessageKey, string>> = { en, it, sr, uk, ar, ur, fa };
