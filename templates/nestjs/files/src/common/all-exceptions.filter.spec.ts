import { ArgumentsHost, Logger, NotFoundException } from '@nestjs/common';
import { AllExceptionsFilter } from './all-exceptions.filter.js';

function fakeHost() {
  const res = {
    statusCode: 0,
    body: undefined as unknown,
    headers: {} as Record<string, string>,
    status(code: number) {
      this.statusCode = code;
      return this;
    },
    json(body: unknown) {
      this.body = body;
      return this;
    },
    setHeader(name: string, value: string) {
      this.headers[name] = value;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => res }) } as unknown as ArgumentsHost;
  return { host, res };
}

describe('AllExceptionsFilter', () => {
  const filter = new AllExceptionsFilter();

  it('writes HTTP errors as {"error": ...} with the fixed text of their status', () => {
    const { host, res } = fakeHost();
    filter.catch(new NotFoundException('Cannot GET /nowhere'), host);
    expect(res.statusCode).toBe(404);
    expect(res.body).toEqual({ error: 'not found' });
  });

  it('hides the details of unexpected errors', () => {
    const { host, res } = fakeHost();
    vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    filter.catch(new Error('SQLITE_CORRUPT: secret internals'), host);
    expect(res.statusCode).toBe(500);
    expect(res.body).toEqual({ error: 'internal error' });
  });
});
