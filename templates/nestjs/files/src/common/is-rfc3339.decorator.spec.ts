import { isRfc3339 } from './is-rfc3339.decorator.js';

describe('isRfc3339', () => {
  it.each(['2024-05-01T12:30:00Z', '2024-05-01T12:30:00.123456+02:00', '2024-02-29t00:00:00z'])(
    'accepts %s',
    (value) => expect(isRfc3339(value)).toBe(true),
  );

  it.each(['2024-05-01T12:30:00', '2024-05-01', '2023-02-29T00:00:00Z', '2024-13-01T00:00:00Z', 'now', 5])(
    'rejects %s',
    (value) => expect(isRfc3339(value)).toBe(false),
  );
});
