import { type ArgumentsHost, BadRequestException, Logger, NotFoundException } from '@nestjs/common';
import { RouteTable } from '../http/route-table';
import { ApiException } from './api.exception';
import { ErrorCode } from './error-code';
import { ProblemDetailsFilter } from './problem-details.filter';

function fakeHost(method = 'GET', url = '/v1/things?email=secret@example.org') {
  const sent: { status?: number; type?: string; body?: string; headers: Record<string, string> } = { headers: {} };
  const response = {
    headersSent: false,
    setHeader: (name: string, value: string) => (sent.headers[name] = value),
    status(code: number) {
      sent.status = code;
      return this;
    },
    type(value: string) {
      sent.type = value;
      return this;
    },
    send(body: string) {
      sent.body = body;
    },
  };
  const request = { method, url, originalUrl: url, id: 'req-1' };
  const host = { switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }) } as unknown as ArgumentsHost;
  return { host, sent };
}

describe('ProblemDetailsFilter', () => {
  const routes = new RouteTable();
  routes.register('post', '/v1/things');
  const filter = new ProblemDetailsFilter(routes);

  afterEach(() => jest.restoreAllMocks());

  it('keeps an expected refusal as its own code and status', () => {
    const { host, sent } = fakeHost();
    filter.catch(ApiException.field(ErrorCode.ValidationFailed, 'email', 'must be an email address'), host);
    expect(sent.status).toBe(400);
    expect(sent.type).toBe('application/problem+json');
    expect(JSON.parse(sent.body!)).toEqual({
      type: '/problems/validation_failed',
      title: 'The request has invalid fields',
      status: 400,
      detail: 'email must be an email address',
      code: 'validation_failed',
      instance: '/v1/things',
      requestId: 'req-1',
      errors: [{ field: 'email', message: 'must be an email address' }],
    });
  });

  it('turns an unexpected error into a 500 and logs its cause, without request data', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const { host, sent } = fakeHost();
    filter.catch(new TypeError('cannot read properties of undefined'), host);
    expect(sent.status).toBe(500);
    const body = JSON.parse(sent.body!);
    expect(body).toMatchObject({ code: 'internal_error', status: 500 });
    expect(sent.body).not.toContain('cannot read properties'); // the cause is logged, not shown
    expect(logged).toHaveBeenCalledTimes(1);
    const [context, stack] = logged.mock.calls[0] as [Record<string, unknown>, string];
    expect(context).toMatchObject({
      requestId: 'req-1',
      path: '/v1/things',
      error: { name: 'TypeError', message: 'cannot read properties of undefined' },
    });
    expect(stack).toContain('TypeError');
    expect(JSON.stringify(context)).not.toContain('secret@example.org');
  });

  it('a 404 on a path served with another method becomes 405 with Allow', () => {
    const { host, sent } = fakeHost('DELETE', '/v1/things');
    filter.catch(new NotFoundException('Cannot DELETE /v1/things'), host);
    expect(sent.status).toBe(405);
    expect(sent.headers.Allow).toBe('POST');
  });

  it('maps body-parser failures wrapped by Nest to malformed_json', () => {
    const { host, sent } = fakeHost('POST', '/v1/things');
    filter.catch(new BadRequestException('Unexpected end', { cause: { type: 'entity.parse.failed', body: '{"email":"x@y.z"' } }), host);
    expect(JSON.parse(sent.body!)).toMatchObject({ status: 400, code: 'malformed_json', errors: [{ field: 'body' }] });
    expect(sent.body).not.toContain('x@y.z');
  });
});
