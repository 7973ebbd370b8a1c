import express, { type NextFunction, type Request, type Response } from 'express';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyJsonShape } from './body-parsing.js';
import { smallJsonBody } from './small-json-body.js';

/** What a request ends as: the parsed body, or the body error the app's handler sees (status, type, shape problem). */
type Outcome = { body: unknown } | { status: number; type: string; problem: unknown };

/** The app's JSON parsing (express.json with the shape check), with or without smallJsonBody ahead of it. */
function app(withSmall: boolean) {
  const a = express();
  if (withSmall) a.use(smallJsonBody({ routes: [{ method: 'post', path: '/hot' }], maxBytes: 64, verify: verifyJsonShape }));
  a.use(express.json({ limit: 1024 * 1024, verify: verifyJsonShape }));
  a.use(express.urlencoded({ extended: false }));
  a.all('/{*any}', (req, res) => res.json({ body: req.body === undefined ? '(undefined)' : req.body }));
  a.use((err: { status?: number; type?: string; problem?: unknown }, _req: Request, res: Response, next: NextFunction) => {
    void next;
    res.json({ status: err.status, type: err.type, problem: err.problem ?? null });
  });
  return a;
}

async function send(port: number, path: string, bytes: Buffer, headers: Record<string, string>): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-length': String(bytes.length), ...headers } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(parts).toString('utf8')) as Outcome));
    });
    req.on('error', reject);
    req.end(bytes);
  });
}

const JSON_TYPE = { 'content-type': 'application/json' };
const cases: [string, Buffer, Record<string, string>, string?][] = [
  ['a joint check', Buffer.from(JSON.stringify({ uscc: '91320500000000100F', purpose: 'subsidy', requester: '审批（系统）' })), JSON_TYPE],
  ['with charset=utf-8', Buffer.from('{"a":"b"}'), { 'content-type': 'application/json; charset=utf-8' }],
  ['a UTF-8 BOM first', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')]), JSON_TYPE],
  ['only a BOM', Buffer.from([0xef, 0xbb, 0xbf]), JSON_TYPE],
  ['white space first', Buffer.from(' \n\t{"a":1}'), JSON_TYPE],
  ['an array', Buffer.from('[1,2]'), JSON_TYPE],
  ['a bare value', Buffer.from('true'), JSON_TYPE],
  ['a string', Buffer.from('"x"'), JSON_TYPE],
  ['white space only', Buffer.from('   '), JSON_TYPE],
  ['broken JSON', Buffer.from('{"a":'), JSON_TYPE],
  ['a trailing comma', Buffer.from('{"a":1,}'), JSON_TYPE],
  ['too deep', Buffer.from(`${'['.repeat(40)}${']'.repeat(40)}`), JSON_TYPE],
  ['invalid UTF-8 in a string', Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]), JSON_TYPE],
  ['a lone surrogate escape', Buffer.from('{"a":"\\ud800"}'), JSON_TYPE],
  ['__proto__ as a key', Buffer.from('{"__proto__":{"x":1},"a":1}'), JSON_TYPE],
  ['larger than maxBytes (express.json reads it)', Buffer.from(JSON.stringify({ a: 'x'.repeat(100) })), JSON_TYPE],
  ['another charset spelling (express.json reads it)', Buffer.from('{"a":1}'), { 'content-type': 'application/json; charset=UTF-8' }],
  ['latin1 (express.json refuses it)', Buffer.from('{"a":1}'), { 'content-type': 'application/json; charset=latin1' }],
  ['a form', Buffer.from('a=1&b=2'), { 'content-type': 'application/x-www-form-urlencoded' }],
  ['gzip (express.json inflates it)', Buffer.from('not gzip'), { ...JSON_TYPE, 'content-encoding': 'gzip' }],
  ['another path', Buffer.from('{"a":1}'), JSON_TYPE, '/cold'],
];

describe('smallJsonBody (a hot route\'s small JSON body, read as express.json reads it)', () => {
  let servers: ReturnType<express.Express['listen']>[] = [];
  let plainPort = 0;
  let smallPort = 0;
  beforeAll(() => {
    const plain = app(false).listen(0);
    const small = app(true).listen(0);
    servers = [plain, small];
    plainPort = (plain.address() as AddressInfo).port;
    smallPort = (small.address() as AddressInfo).port;
  });
  afterAll(() => {
    for (const s of servers) {
      s.closeAllConnections();
      s.close();
    }
  });

  it.each(cases)('%s: the same body or the same error as express.json alone', async (_what, bytes, headers, path = '/hot') => {
    const expected = await send(plainPort, path, bytes, headers);
    expect(await send(smallPort, path, bytes, headers)).toEqual(expected);
  });

  it('a well-formed body is read by smallJsonBody itself (express.json then finds the request read)', async () => {
    const a = express();
    let readHere = false;
    const small = smallJsonBody({ routes: [{ method: 'post', path: '/hot' }], maxBytes: 64, verify: verifyJsonShape });
    a.use((req, res, next) => small(req, res, (err?: unknown) => { readHere = req.complete; next(err); }));
    a.use(express.json());
    a.post('/hot', (req, res) => res.json(req.body));
    const server = a.listen(0);
    try {
      const out = await send((server.address() as AddressInfo).port, '/hot', Buffer.from('{"a":1}'), JSON_TYPE);
      expect(out).toEqual({ a: 1 });
      expect(readHere).toBe(true);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
