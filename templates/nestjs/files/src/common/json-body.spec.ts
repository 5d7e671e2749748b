import { INVALID_JSON, parseJson } from './json-body.js';

describe('parseJson', () => {
  const bytes = (text: string) => Buffer.from(text, 'utf8');

  it('parses UTF-8 JSON, surrogate pairs included', () => {
    expect(parseJson(bytes('{"title": "caf\u00e9 \\ud83d\\ude00"}'))).toEqual({
      title: 'caf\u00e9 \u{1f600}',
    });
  });

  it('rejects bytes that are not UTF-8', () => {
    expect(parseJson(Buffer.from([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]))).toBe(
      INVALID_JSON,
    );
  });

  it.each(['{"t": "\\ud800"}', '{"\\udc00": 1}', '[["\\ud800x"]]'])(
    'rejects a lone surrogate in %s',
    (text) => {
      expect(parseJson(bytes(text))).toBe(INVALID_JSON);
    },
  );

  it('rejects an empty body and absurdly deep nesting', () => {
    expect(parseJson(bytes(''))).toBe(INVALID_JSON);
    expect(parseJson(bytes('['.repeat(100_000)))).toBe(INVALID_JSON);
    expect(() => parseJson(bytes('['.repeat(100_000) + ']'.repeat(100_000)))).not.toThrow();
  });
});
