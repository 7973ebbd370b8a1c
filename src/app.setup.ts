import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import session from 'express-session';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import hbs from 'hbs';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { LoginRateLimitStores } from './accounts/auth/login-rate-limit.store.js';
import { PrincipalLookup } from './accounts/auth/principal-lookup.js';
import { renewSessions, TypeormSessionStore } from './accounts/auth/typeorm-session-store.js';
import { bearerToken, csrf } from './accounts/auth/csrf.js';
import { AppConfig } from './config/app-config.js';
import { configuredOrGenerated } from './config/generated-secret.js';
import { wantsJson } from './common/filters/all-exceptions.filter.js';
import { installBodyParsing } from './common/input/body-parsing.js';
import { cacheValidationMetadataLookups } from './common/input/validation-metadata-cache.js';
import { VIEWS_DIR } from './common/project-root.js';
import { registerViewHelpers } from './common/views/view-helpers.js';
import { I18nService } from './i18n/i18n.service.js';
import { localeMiddleware } from './i18n/locale.middleware.js';

export const SESSION_COOKIE = 'pt_sid';

/** Registers views/partials/*.hbs by file name, synchronously, so the first request already has them. */
function registerPartials(dir: string): void {
  for (const file of readdirSync(dir)) {
    if (file.endsWith('.hbs')) hbs.registerPartial(file.slice(0, -4), readFileSync(join(dir, file), 'utf8'));
  }
}

/** A call of the JSON API (`/api/…`) that presents `Authorization: Bearer`: it gets no session (see configureApp). */
export function isBearerApiCall(req: Request): boolean {
  return req.path.startsWith('/api/') && bearerToken(req) !== null;
}

/** Everything around the Nest routes, shared by main.ts and the e2e tests so they run the same stack. */
export function configureApp(nest: INestApplication): void {
  const app = nest as NestExpressApplication;
  const config = app.get(AppConfig);
  const i18n = app.get(I18nService);
  const dataSource = app.get(DataSource);
  cacheValidationMetadataLookups();

  app.set('trust proxy', config.TRUST_PROXY);
  app.disable('x-powered-by');
  app.use(helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
  }));
  app.use('/assets', express.static(join(VIEWS_DIR, 'assets'), { maxAge: config.isProduction ? '7d' : 0, index: false }));
  // Browsers ask for /favicon.ico on their own (PDFs, JSON); the pages link the SVG.
  app.use('/favicon.ico', (_req: Request, res: Response) => res.redirect(301, '/assets/favicon.svg'));

  app.use(localeMiddleware(i18n));
  installBodyParsing(app, i18n);

  // A JSON API call with a bearer token is authenticated by its token alone and carries no cookie credentials, so it
  // neither reads nor writes a session (no session row, no Set-Cookie, no CSRF token: the auth guard exempts only a
  // token that authenticated, and without a session a cookie-style write is refused), nor gets a page's locals. Other
  // systems make such calls on every transaction (the joint check), and this stack cost them more than their query.
  const sessions = session({
    name: SESSION_COOKIE,
    secret: configuredOrGenerated(config.SESSION_SECRET, config.dataDir, 'session-secret'),
    store: new TypeormSessionStore(dataSource, app.get(PrincipalLookup), config.SESSION_MAX_AGE_MINUTES * 60_000),
    resave: false,
    saveUninitialized: false,
    // Renewed at most once a minute instead (renewSessions).
    rolling: false,
    cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: config.SESSION_MAX_AGE_MINUTES * 60_000 },
  });
  const renew = renewSessions();
  app.use((req: Request, res: Response, next: NextFunction) => (isBearerApiCall(req) ? next() : sessions(req, res, (err?: unknown) => (err ? next(err) : renew(req, res, next)))));
  // Per-IP limits on the forms that check passwords or send e-mail, counted in Redis when REDIS_URL is set (shared
  // by every web process), else in this process. Were Redis down, they go on: the per-account and per-IP backoff in
  // the database still holds for logins. Over the limit, the form is shown again with the reason.
  const formLimit = (name: string, view: string, titleKey: string) => rateLimit({
    windowMs: 60_000,
    limit: config.LOGIN_RATE_PER_MINUTE,
    store: app.get(LoginRateLimitStores).store(name),
    passOnStoreError: true,
    skip: (req) => req.method !== 'POST',
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (req, res) => {
      const message = i18n.t(res.locals.locale as string, 'errors.tooManyRequests');
      res.status(429).render(view, { titleKey, bare: true, formError: message, csrfToken: csrf.generateToken(req), values: { email: (req.body as { email?: string })?.email } });
    },
  });
  app.use('/login', formLimit('login', 'accounts/login', 'auth.loginTitle'));
  // "Forgot password" sends e-mail: the same per-address limit as the login, counted apart.
  app.use('/account/forgot', formLimit('forgot', 'accounts/forgot', 'auth.forgot.title'));
  // Every dynamic answer is personal or changes (a session's pages, a token's API answers): no browser or proxy keeps it,
  // so nothing is left to see by going back after logging out. Routes that may be kept say so themselves (the public
  // disclosure pages, a draw's bundle, with its own strong ETag). Nothing being kept, express's weak ETag (a hash of
  // every body, a few per cent of a busy page) would never be asked for.
  app.set('etag', false);
  app.use((req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    if (isBearerApiCall(req)) return next();
    // Pages get a CSRF token (also a form shown again after a POST) and, on GET, the flash messages of the previous redirect.
    // Making a token stores a session, so an anonymous visitor gets one only from a page with a form (the login page
    // asks for it); browsing anonymously writes no session row.
    if (!wantsJson(req)) {
      if (req.session.userId || req.session.csrfToken) res.locals.csrfToken = csrf.generateToken(req);
      if (req.method === 'GET' && req.session.flash?.length) {
        res.locals.flash = req.session.flash.map((f) => ({ kind: f.kind, text: i18n.t(res.locals.locale as string, f.key, f.params) }));
        delete req.session.flash;
      }
    }
    res.locals.path = req.path;
    res.locals.timeZone = config.PARK_TIMEZONE;
    next();
  });

  app.setBaseViewsDir(VIEWS_DIR);
  app.setViewEngine('hbs');
  app.set('view options', { layout: 'layouts/main' });
  // Express decides this from process.env.NODE_ENV on its own; the validated configuration decides here.
  app.set('view cache', config.cachesTemplates);
  registerViewHelpers(hbs as never, i18n);
  registerPartials(join(VIEWS_DIR, 'partials'));

  const openApi = new DocumentBuilder()
    .setTitle('ParkTrust API')
    .setDescription('园区诚信自律平台 JSON API. Authenticate with `Authorization: Bearer <token>` (tokens are issued by an admin).')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi, { include: [] }), {
    jsonDocumentUrl: 'api/docs-json',
    // No call to the public online validator: parks run on intranets.
    swaggerOptions: { validatorUrl: null },
  });
}

