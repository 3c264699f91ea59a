import { FALLBACK_LOCALE, type Locale, isSupportedLocale } from '@app/config';
import { greeting } from './greeting';
import { escapeHtml, htmlPage } from './html';
import { type RenderedMail } from './welcome.template';

export type AccountMailTemplate = 'invitation' | 'password_reset' | 'sign_in_link' | 'email_verification' | 'account_exists';

interface AccountMailText {
  subject: string;
  /** Paragraphs before the link. */
  body: readonly string[];
  /** The words before the link. */
  action: string;
  /** How long the link works, and what to do if the mail was not expected. */
  note: string;
}

/**
 * Every account mail's words, per locale, in one place (so they can move into
 * the ICU catalogues as they are). No placeholders inside: the name goes only
 * into the greeting, and the link after `action`.
 */
export const ACCOUNT_MAIL_MESSAGES: Record<Locale, Record<AccountMailTemplate, AccountMailText>> = {
  en: {
    invitation: {
      subject: 'You are invited to Coaching across continents',
      body: ['Your academy has created an account for you on Coaching across continents.', 'Choose your own password to start. Nobody else will know it.'],
      action: 'Set your password here:',
      note: 'The link works once, for 7 days. If you did not expect this mail, you can ignore it.',
    },
    password_reset: {
      subject: 'Choose a new password',
      body: ['Someone asked to reset the password of your account.'],
      action: 'Choose a new password here:',
      note: 'The link works once, for 1 hour. Using it signs you out everywhere. If you did not ask, ignore this mail: your password stays the same.',
    },
    sign_in_link: {
      subject: 'Your sign-in link',
      body: ['Here is the link to sign in without a password.'],
      action: 'Sign in here:',
      note: 'The link works once, for 30 minutes. If you did not ask for it, ignore this mail.',
    },
    email_verification: {
      subject: 'Welcome: please confirm your email address',
      body: ['Welcome to Coaching across continents. You can book free online sessions with our volunteer coaches.', 'First, confirm that this email address is yours.'],
      action: 'Confirm here:',
      note: 'The link works once, for 48 hours. If you did not register, ignore this mail.',
    },
    account_exists: {
      subject: 'You already have an account',
      body: ['Someone tried to register with this email address, but you already have an account. No new account was made.'],
      action: 'If you forgot your password, choose a new one here:',
      note: 'The link works once, for 1 hour. If it was not you, ignore this mail.',
    },
  },
  it: {
    invitation: {
      subject: 'Sei invitato su Coaching across continents',
      body: ['La tua accademia ha creato un account per te su Coaching across continents.', 'Per iniziare scegli la tua password. Nessun altro la conoscerà.'],
      action: 'Scegli la password qui:',
      note: 'Il link funziona una sola volta, per 7 giorni. Se non aspettavi questa mail, puoi ignorarla.',
    },
    password_reset: {
      subject: 'Scegli una nuova password',
      body: ['Qualcuno ha chiesto di reimpostare la password del tuo account.'],
      action: 'Scegli una nuova password qui:',
      note: 'Il link funziona una sola volta, per 1 ora. Usandolo esci da tutti i dispositivi. Se non l’hai chiesto tu, ignora questa mail: la password resta la stessa.',
    },
    sign_in_link: {
      subject: 'Il tuo link di accesso',
      body: ['Ecco il link per accedere senza password.'],
      action: 'Accedi qui:',
      note: 'Il link funziona una sola volta, per 30 minuti. Se non l’hai chiesto tu, ignora questa mail.',
    },
    email_verification: {
      subject: 'Benvenuto: conferma il tuo indirizzo email',
      body: ['Benvenuto in Coaching across continents. Puoi prenotare sessioni online gratuite con i nostri coach volontari.', 'Prima conferma che questo indirizzo email è tuo.'],
      action: 'Conferma qui:',
      note: 'Il link funziona una sola volta, per 48 ore. Se non ti sei registrato, ignora questa mail.',
    },
    account_exists: {
      subject: 'Hai già un account',
      body: ['Qualcuno ha provato a registrarsi con questo indirizzo email, ma hai già un account. Non è stato creato nessun nuovo account.'],
      action: 'Se hai dimenticato la password, scegline una nuova qui:',
      note: 'Il link funziona una sola volta, per 1 ora. Se non eri tu, ignora questa mail.',
    },
  },
  sr: {
    invitation: {
      subject: 'Pozvani ste u Coaching across continents',
      body: ['Vaša akademija vam je napravila nalog na Coaching across continents.', 'Za početak izaberite svoju lozinku. Niko drugi je neće znati.'],
      action: 'Izaberite lozinku ovde:',
      note: 'Link radi jednom, 7 dana. Ako niste očekivali ovu poruku, možete je zanemariti.',
    },
    password_reset: {
      subject: 'Izaberite novu lozinku',
      body: ['Neko je zatražio promenu lozinke vašeg naloga.'],
      action: 'Izaberite novu lozinku ovde:',
      note: 'Link radi jednom, 1 sat. Kada ga upotrebite, bićete odjavljeni svuda. Ako niste vi tražili, zanemarite poruku: lozinka ostaje ista.',
    },
    sign_in_link: {
      subject: 'Vaš link za prijavu',
      body: ['Evo linka za prijavu bez lozinke.'],
      action: 'Prijavite se ovde:',
      note: 'Link radi jednom, 30 minuta. Ako ga niste tražili, zanemarite ovu poruku.',
    },
    email_verification: {
      subject: 'Dobro došli: potvrdite svoju imejl adresu',
      body: ['Dobro došli u Coaching across continents. Možete zakazati besplatne onlajn sesije sa našim volonterskim trenerima.', 'Prvo potvrdite da je ova imejl adresa vaša.'],
      action: 'Potvrdite ovde:',
      note: 'Link radi jednom, 48 sati. Ako se niste registrovali, zanemarite ovu poruku.',
    },
    account_exists: {
      subject: 'Već imate nalog',
      body: ['Neko je pokušao da se registruje sa ovom imejl adresom, ali vi već imate nalog. Novi nalog nije napravljen.'],
      action: 'Ako ste zaboravili lozinku, izaberite novu ovde:',
      note: 'Link radi jednom, 1 sat. Ako to niste bili vi, zanemarite ovu poruku.',
    },
  },
  uk: {
    invitation: {
      subject: 'Вас запрошено до Coaching across continents',
      body: ['Ваша академія створила для вас обліковий запис у Coaching across continents.', 'Щоб почати, оберіть власний пароль. Ніхто інший його не знатиме.'],
      action: 'Оберіть пароль тут:',
      note: 'Посилання діє один раз, 7 днів. Якщо ви не чекали цього листа, просто ігноруйте його.',
    },
    password_reset: {
      subject: 'Оберіть новий пароль',
      body: ['Хтось попросив скинути пароль вашого облікового запису.'],
      action: 'Оберіть новий пароль тут:',
      note: 'Посилання діє один раз, 1 годину. Після нього ви вийдете з усіх пристроїв. Якщо це були не ви, ігноруйте лист: пароль не зміниться.',
    },
    sign_in_link: {
      subject: 'Ваше посилання для входу',
      body: ['Ось посилання, щоб увійти без пароля.'],
      action: 'Увійдіть тут:',
      note: 'Посилання діє один раз, 30 хвилин. Якщо ви його не просили, ігноруйте цей лист.',
    },
    email_verification: {
      subject: 'Ласкаво просимо: підтвердьте адресу електронної пошти',
      body: ['Ласкаво просимо до Coaching across continents. Ви можете бронювати безкоштовні онлайн-сесії з нашими коучами-волонтерами.', 'Спочатку підтвердьте, що ця адреса ваша.'],
      action: 'Підтвердьте тут:',
      note: 'Посилання діє один раз, 48 годин. Якщо ви не реєструвалися, ігноруйте цей лист.',
    },
    account_exists: {
      subject: 'У вас уже є обліковий запис',
      body: ['Хтось спробував зареєструватися з цією адресою, але у вас уже є обліковий запис. Новий запис не створено.'],
      action: 'Якщо ви забули пароль, оберіть новий тут:',
      note: 'Посилання діє один раз, 1 годину. Якщо це були не ви, ігноруйте цей лист.',
    },
  },
  ar: {
    invitation: {
      subject: 'أنت مدعو إلى Coaching across continents',
      body: ['أنشأت أكاديميتك حسابًا لك في Coaching across continents.', 'اختر كلمة المرور الخاصة بك للبدء. لن يعرفها أحد غيرك.'],
      action: 'اختر كلمة المرور من هنا:',
      note: 'يعمل الرابط مرة واحدة، لمدة 7 أيام. إذا لم تكن تتوقع هذه الرسالة، يمكنك تجاهلها.',
    },
    password_reset: {
      subject: 'اختر كلمة مرور جديدة',
      body: ['طلب شخص ما إعادة تعيين كلمة مرور حسابك.'],
      action: 'اختر كلمة مرور جديدة من هنا:',
      note: 'يعمل الرابط مرة واحدة، لمدة ساعة واحدة. استخدامه يسجّل خروجك من كل الأجهزة. إذا لم تطلب ذلك، تجاهل الرسالة: تبقى كلمة المرور كما هي.',
    },
    sign_in_link: {
      subject: 'رابط تسجيل الدخول',
      body: ['هذا هو الرابط لتسجيل الدخول بدون كلمة مرور.'],
      action: 'سجّل الدخول من هنا:',
      note: 'يعمل الرابط مرة واحدة، لمدة 30 دقيقة. إذا لم تطلبه، تجاهل هذه الرسالة.',
    },
    email_verification: {
      subject: 'مرحبًا: أكّد عنوان بريدك الإلكتروني',
      body: ['مرحبًا بك في Coaching across continents. يمكنك حجز جلسات مجانية عبر الإنترنت مع مدربينا المتطوعين.', 'أولًا، أكّد أن هذا البريد الإلكتروني لك.'],
      action: 'أكّد من هنا:',
      note: 'يعمل الرابط مرة واحدة، لمدة 48 ساعة. إذا لم تسجّل، تجاهل هذه الرسالة.',
    },
    account_exists: {
      subject: 'لديك حساب بالفعل',
      body: ['حاول شخص ما التسجيل بهذا البريد الإلكتروني، لكن لديك حسابًا بالفعل. لم يُنشأ حساب جديد.'],
      action: 'إذا نسيت كلمة المرور، اختر كلمة جديدة من هنا:',
      note: 'يعمل الرابط مرة واحدة، لمدة ساعة واحدة. إذا لم تكن أنت، تجاهل هذه الرسالة.',
    },
  },
  ur: {
    invitation: {
      subject: 'آپ کو Coaching across continents میں مدعو کیا گیا ہے',
      body: ['آپ کی اکیڈمی نے Coaching across continents پر آپ کا اکاؤنٹ بنایا ہے۔', 'شروع کرنے کے لیے اپنا پاس ورڈ خود چنیں۔ کوئی اور اسے نہیں جانے گا۔'],
      action: 'یہاں پاس ورڈ چنیں:',
      note: 'یہ لنک ایک بار، 7 دن تک کام کرتا ہے۔ اگر آپ کو اس ای میل کی توقع نہیں تھی تو اسے نظر انداز کر دیں۔',
    },
    password_reset: {
      subject: 'نیا پاس ورڈ چنیں',
      body: ['کسی نے آپ کے اکاؤنٹ کا پاس ورڈ بدلنے کی درخواست کی ہے۔'],
      action: 'یہاں نیا پاس ورڈ چنیں:',
      note: 'یہ لنک ایک بار، 1 گھنٹے تک کام کرتا ہے۔ اسے استعمال کرنے سے آپ ہر جگہ سے سائن آؤٹ ہو جائیں گے۔ اگر آپ نے درخواست نہیں کی تو اس ای میل کو نظر انداز کریں: پاس ورڈ وہی رہے گا۔',
    },
    sign_in_link: {
      subject: 'آپ کا سائن ان لنک',
      body: ['پاس ورڈ کے بغیر سائن ان کرنے کا لنک یہ ہے۔'],
      action: 'یہاں سائن ان کریں:',
      note: 'یہ لنک ایک بار، 30 منٹ تک کام کرتا ہے۔ اگر آپ نے یہ نہیں مانگا تو اس ای میل کو نظر انداز کریں۔',
    },
    email_verification: {
      subject: 'خوش آمدید: اپنے ای میل پتے کی تصدیق کریں',
      body: ['Coaching across continents میں خوش آمدید۔ آپ ہمارے رضاکار کوچز کے ساتھ مفت آن لائن سیشن بک کر سکتے ہیں۔', 'پہلے تصدیق کریں کہ یہ ای میل پتہ آپ کا ہے۔'],
      action: 'یہاں تصدیق کریں:',
      note: 'یہ لنک ایک بار، 48 گھنٹے تک کام کرتا ہے۔ اگر آپ نے رجسٹر نہیں کیا تو اس ای میل کو نظر انداز کریں۔',
    },
    account_exists: {
      subject: 'آپ کا اکاؤنٹ پہلے سے موجود ہے',
      body: ['کسی نے اس ای میل پتے سے رجسٹر کرنے کی کوشش کی، لیکن آپ کا اکاؤنٹ پہلے سے موجود ہے۔ کوئی نیا اکاؤنٹ نہیں بنا۔'],
      action: 'اگر آپ پاس ورڈ بھول گئے ہیں تو یہاں نیا چنیں:',
      note: 'یہ لنک ایک بار، 1 گھنٹے تک کام کرتا ہے۔ اگر یہ آپ نہیں تھے تو اس ای میل کو نظر انداز کریں۔',
    },
  },
  fa: {
    invitation: {
      subject: 'شما به Coaching across continents دعوت شده‌اید',
      body: ['آکادمی شما برایتان در Coaching across continents حساب ساخته است.', 'برای شروع، رمز عبور خودتان را انتخاب کنید. هیچ کس دیگری آن را نخواهد دانست.'],
      action: 'رمز عبور را اینجا انتخاب کنید:',
      note: 'این لینک یک بار و تا ۷ روز کار می‌کند. اگر منتظر این ایمیل نبودید، آن را نادیده بگیرید.',
    },
    password_reset: {
      subject: 'یک رمز عبور جدید انتخاب کنید',
      body: ['کسی درخواست کرده است رمز عبور حساب شما بازنشانی شود.'],
      action: 'رمز عبور جدید را اینجا انتخاب کنید:',
      note: 'این لینک یک بار و تا ۱ ساعت کار می‌کند. با استفاده از آن از همه دستگاه‌ها خارج می‌شوید. اگر شما درخواست نکرده‌اید، این ایمیل را نادیده بگیرید: رمز عبور تغییر نمی‌کند.',
    },
    sign_in_link: {
      subject: 'لینک ورود شما',
      body: ['این لینک ورود بدون رمز عبور است.'],
      action: 'از اینجا وارد شوید:',
      note: 'این لینک یک بار و تا ۳۰ دقیقه کار می‌کند. اگر آن را نخواسته‌اید، این ایمیل را نادیده بگیرید.',
    },
    email_verification: {
      subject: 'خوش آمدید: نشانی ایمیل خود را تأیید کنید',
      body: ['به Coaching across continents خوش آمدید. می‌توانید جلسات آنلاین رایگان با کوچ‌های داوطلب ما رزرو کنید.', 'ابتدا تأیید کنید که این نشانی ایمیل مال شماست.'],
      action: 'اینجا تأیید کنید:',
      note: 'این لینک یک بار و تا ۴۸ ساعت کار می‌کند. اگر ثبت‌نام نکرده‌اید، این ایمیل را نادیده بگیرید.',
    },
    account_exists: {
      subject: 'شما از قبل حساب دارید',
      body: ['کسی تلاش کرد با این نشانی ایمیل ثبت‌نام کند، اما شما از قبل حساب دارید. هیچ حساب جدیدی ساخته نشد.'],
      action: 'اگر رمز عبور را فراموش کرده‌اید، یک رمز جدید اینجا انتخاب کنید:',
      note: 'این لینک یک بار و تا ۱ ساعت کار می‌کند. اگر شما نبودید، این ایمیل را نادیده بگیرید.',
    },
  },
};

/** One account mail in the recipient's locale: greeting, paragraphs, the link, and its note. RTL for ar, ur and fa. */
export function renderAccountMail(template: AccountMailTemplate, requestedLocale: string, displayName: string, link: string): RenderedMail {
  const locale: Locale = isSupportedLocale(requestedLocale) ? requestedLocale : FALLBACK_LOCALE;
  const t = ACCOUNT_MAIL_MESSAGES[locale][template];
  const salutation = greeting(locale, displayName);
  const text = [salutation, '', ...t.body, '', t.action, link, '', t.note, ''].join('\n');
  const html = htmlPage(locale, [
    escapeHtml(salutation),
    ...t.body.map(escapeHtml),
    // The link is isolated, so an LTR address reads whole inside right-to-left text.
    `${escapeHtml(t.action)}<br><a href="${escapeHtml(link)}" dir="ltr">${escapeHtml(link)}</a>`,
    escapeHtml(t.note),
  ]);
  return { locale, subject: t.subject, text, html };
}
