import express, { type Request, type Response } from 'express';
import { promoteHotRoutes, shortcutRoute, type RouterLayer } from './hot-routes.js';

const ok = (_req: Request, res: Response) => res.end();

/** The router's layers as "M <name>" (middleware) or "<METHOD> <path>" (route), in order. */
function order(app: express.Express): string[] {
  return (app.router.stack as unknown as (RouterLayer & { name: string })[]).map((l) => (l.route ? `${Object.keys(l.route.methods).join(',').toUpperCase()} ${l.route.path}` : `M ${l.name}`));
}

describe('promoteHotRoutes (the joint check ahead of the routes that cannot take it)', () => {
  const stackOf = (app: express.Express) => app.router.stack as unknown as RouterLayer[];

  it('moves the route up to just after the global middleware, past routes of other paths and other mounts', () => {
    const app = express();
    app.use(function parse(_req, _res, next) { next(); });
    app.get('/tenants', ok);
    app.use('/assets', function statics(_req, _res, next) { next(); });
    app.post('/api/v1/tenants', ok);
    app.post('/api/v1/joint-checks', ok);
    app.get('/api/v1/joint-checks', ok);
    promoteHotRoutes(stackOf(app));
    expect(order(app)).toEqual(['M parse', 'POST /api/v1/joint-checks', 'GET /tenants', 'M statics', 'POST /api/v1/tenants', 'GET /api/v1/joint-checks']);
  });

  it('stays after a middleware mounted on its path and after a route that matches the same path (a parameter)', () => {
    const app = express();
    app.use(function parse(_req, _res, next) { next(); });
    app.get('/pages', ok);
    app.post('/api/v1/:thing', ok);
    app.get('/other', ok);
    app.use('/api', function apiOnly(_req, _res, next) { next(); });
    app.get('/more', ok);
    app.post('/api/v1/joint-checks', ok);
    promoteHotRoutes(stackOf(app));
    expect(order(app)).toEqual(['M parse', 'GET /pages', 'POST /api/v1/:thing', 'GET /other', 'M apiOnly', 'POST /api/v1/joint-checks', 'GET /more']);
  });

  it('leaves the stack alone when the route is missing or already first', () => {
    const app = express();
    app.use(function parse(_req, _res, next) { next(); });
    app.post('/api/v1/joint-checks', ok);
    app.get('/x', ok);
    promoteHotRoutes(stackOf(app));
    promoteHotRoutes(stackOf(app), [{ method: 'post', path: '/nowhere' }]);
    expect(order(app)).toEqual(['M parse', 'POST /api/v1/joint-checks', 'GET /x']);
  });

  it('the promoted route still answers, and the others too', async () => {
    const app = express();
    app.get('/a', (_req, res) => res.send('a'));
    app.post('/api/v1/joint-checks', (_req, res) => res.send('check'));
    promoteHotRoutes(stackOf(app));
    const server = app.listen(0);
    const port = (server.address() as { port: number }).port;
    try {
      expect(await (await fetch(`http://127.0.0.1:${port}/api/v1/joint-checks`, { method: 'POST' })).text()).toBe('check');
      expect(await (await fetch(`http://127.0.0.1:${port}/a`)).text()).toBe('a');
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('shortcutRoute (a handler just before a route that passes what it does not answer on to it)', () => {
  it('sits just before the route\'s own layer, after what runs before the route', () => {
    const app = express();
    app.use(function parse(_req, _res, next) { next(); });
    app.post('/api/v1/joint-checks', ok);
    app.get('/x', ok);
    shortcutRoute(app, { method: 'post', path: '/api/v1/joint-checks' }, ok);
    expect(order(app)).toEqual(['M parse', 'POST /api/v1/joint-checks', 'POST /api/v1/joint-checks', 'GET /x']);
  });

  it('answers what it takes, and the route the rest', async () => {
    const app = express();
    app.post('/c', (_req, res) => res.send('route'));
    shortcutRoute(app, { method: 'post', path: '/c' }, (req, res, next) => (req.query.fast ? res.send('shortcut') : next()));
    const server = app.listen(0);
    const port = (server.address() as { port: number }).port;
    try {
      expect(await (await fetch(`http://127.0.0.1:${port}/c?fast=1`, { method: 'POST' })).text()).toBe('shortcut');
      expect(await (await fetch(`http://127.0.0.1:${port}/c`, { method: 'POST' })).text()).toBe('route');
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('refuses a shortcut to a route that is not there', () => {
    const app = express();
    app.get('/c', ok);
    expect(() => shortcutRoute(app, { method: 'post', path: '/c' }, ok)).toThrow('no POST /c route');
  });
});
