import { isCommonPassword } from './common-passwords';

describe('isCommonPassword', () => {
  it.each(['password12', '1234567890', 'Password123', ' qwertyuiop ', 'basketball'])('refuses %j', (password) => {
    expect(isCommonPassword(password)).toBe(true);
  });

  it.each(['correct horse battery', 'try-the-demo-2026', 'mia nonna cucina bene'])('accepts %j', (password) => {
    expect(isCommonPassword(password)).toBe(false);
  });
});
