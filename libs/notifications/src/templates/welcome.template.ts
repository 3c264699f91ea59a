import { FALLBACK_LOCALE, Locale, isSupportedLocale } from '@app/config';
import { GREETINGS } from './greeting';
import { escapeHtml, htmlPage } from './html';

interface WelcomeText {
  subject: string;
  body: string;
  signIn: string;
}

const TEXTS: Partial<Record<Locale, WelcomeText>> & Record<typeof FALLBACK_LOCALE, WelcomeText> = {
  en: {
    subject: 'Welcome to Coaching across continents',
    body: 'Your account is ready. You can now book free online coaching sessions with our volunteer coaches.',
    signIn: 'Sign in here:',
  },
  it: {
    subject: 'Benvenuto in Coaching across continents',
    body: 'Il tuo account è pronto. Ora puoi prenotare sessioni di coaching online gratuite con i nostri coach volontari.',
    signIn: 'Accedi qui:',
  },
  sr: {
    subject: 'Dobro došli u Coaching across continents',
    body: 'Vaš nalog je spreman. Sada možete zakazati besplatne onlajn sesije sa našim volonterskim trenerima.',
    signIn: 'Prijavite se ovde:',
  },
  uk: {
    subject: 'Ласкаво просимо до Coaching across continents',
    body: 'Ваш обліковий запис готовий. Тепер ви можете бронювати безкоштовні онлайн-сесії з нашими коучами-волонтерами.',
    signIn: 'Увійдіть тут:',
  },
  ar: {
    subject: 'مرحبًا بك في Coaching across continents',
    body: 'حسابك جاهز. يمكنك الآن حجز جلسات تدريب مجانية عبر الإنترنت مع مدربينا المتطوعين.',
    signIn: 'سجّل الدخول من هنا:',
  },
  ur: {
    subject: 'Coaching across continents میں خوش آمدید',
    body: 'آپ کا اکاؤنٹ تیار ہے۔ اب آپ ہمارے رضاکار کوچز کے ساتھ مفت آن لائن کوچنگ سیشن بک کر سکتے ہیں۔',
    signIn: 'یہاں سائن ان کریں:',
  },
  fa: {
    subject: 'به Coaching across continents خوش آمدید',
    body: 'حساب شما آماده است. اکنون می‌توانید جلسات رایگان کوچینگ آنلاین با کوچ‌های داوطلب ما رزرو کنید.',
    signIn: 'از اینجا وارد شوید:',
  },
};

export interface RenderedMail {
  locale: Locale;
  subject: string;
  text: string;
  html: string;
}

export function renderWelcome(requestedLocale: string, displayName: string, signInUrl: string): RenderedMail {
  const locale: Locale = isSupportedLocale(requestedLocale) && TEXTS[requestedLocale] ? requestedLocale : FALLBACK_LOCALE;
  const t = TEXTS[locale] ?? TEXTS[FALLBACK_LOCALE];
  const text = [GREETINGS[locale](displayName), '', t.body, '', `${t.signIn} ${signInUrl}`, ''].join('\n');
  const html = htmlPage(locale, [
    escapeHtml(GREETINGS[locale](displayName)),
    escapeHtml(t.body),
    `${escapeHtml(t.signIn)} <a href="${escapeHtml(signInUrl)}">${escapeHtml(signInUrl)}</a>`,
  ]);
  return { locale, subject: t.subject, text, html };
}
