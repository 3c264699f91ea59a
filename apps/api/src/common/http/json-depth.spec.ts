import { fieldNestedTooDeep, MAX_BODY_DEPTH } from './json-depth';

const nested = (levels: number): unknown => {
  let value: unknown = 'leaf';
  for (let i = 0; i < levels; i++) value = [value];
  return value;
};

describe('fieldNestedTooDeep', () => {
  it('passes the deepest body the API takes: a match request with preferred windows', () => {
    expect(fieldNestedTooDeep({ languages: ['ur'], preferredWindows: [{ weekday: 1, start: '09:00', end: '12:00' }] })).toBeUndefined();
  });

  it('names the top-level field under which the body nests too deep', () => {
    expect(fieldNestedTooDeep({ email: 'a@b.co', password: nested(MAX_BODY_DEPTH) })).toBe('password');
    expect(fieldNestedTooDeep({ password: nested(MAX_BODY_DEPTH - 1) })).toBeUndefined();
    expect(fieldNestedTooDeep({ bio: { a: { b: { c: { d: { e: { f: { g: {} } } } } } } } })).toBe('bio');
  });

  it('names the body itself when the document is a deep array', () => {
    expect(fieldNestedTooDeep(nested(MAX_BODY_DEPTH + 1))).toBe('body');
  });

  it('walks 20,000 levels without recursion', () => {
    expect(fieldNestedTooDeep({ password: nested(20_000) })).toBe('password');
  });

  it('ignores scalars and null', () => {
    expect(fieldNestedTooDeep(null)).toBeUndefined();
    expect(fieldNestedTooDeep({ a: null, b: 1, c: 'x' })).toBeUndefined();
  });
});
