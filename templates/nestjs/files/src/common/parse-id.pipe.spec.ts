import { NotFoundException } from '@nestjs/common';
import { ParseIdPipe } from './parse-id.pipe.js';

describe('ParseIdPipe', () => {
  const pipe = new ParseIdPipe();

  it('accepts positive integers', () => {
    expect(pipe.transform('1')).toBe(1);
    expect(pipe.transform('42')).toBe(42);
  });

  it.each(['0', '-1', 'abc', '1.5', '01', '99999999999999999999'])('answers 404 for %s', (id) => {
    expect(() => pipe.transform(id)).toThrow(NotFoundException);
  });
});
