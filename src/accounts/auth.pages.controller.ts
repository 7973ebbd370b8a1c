import { Body, Controller, Get, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { actorOf, CurrentPrincipal, type Principal } from '../common/principal.js';
import { flash, handleForm, renderForm, safeNext } from '../common/views/page-helpers.js';
import { validateForm } from '../common/validation.js';
import { AppConfig } from '../config/app-config.js';
import { I18nService, isLocale } from '../i18n/i18n.service.js';
import { LOCALE_COOKIE } from '../i18n/locale.middleware.js';
import { SESSION_COOKIE } from '../app.setup.js';
import { AllowWhilePasswordChangePending, Public, Roles } from './auth/auth.decorators.js';
import { csrf } from './auth/csrf.js';
import { EVERYONE } from './domain/access-policy.js';
import { ChangePasswordDto, ForgotPasswordDto, LoginDto, ResetWithLinkDto } from './dto/user.dto.js';
import { PasswordResetService, ResetLinkInvalidError, resetTokenDigest } from './password-reset.service.js';

declare module 'express-session' {
  interface SessionData {
    /** The digest of the reset link this browser opened (never the token itself). */
    resetTokenHash?: string;
  }
}
import { InvalidCredentialsError, LoginThrottledError, UsersService } from './users.service.js';

/** Login, logout, own password (changed, or reset with a link by e-mail) and language. */
@ApiExcludeController()
@Controller()
export class AuthPagesController {
  constructor(
    private readonly users: UsersService,
    private readonly resets: PasswordResetService,
    private readonly config: AppConfig,
    private readonly i18n: I18nService,
  ) {}

  @Public()
  @Get('login')
  @Render('accounts/login')
  loginPage(@Req() req: Request, @Query('next') next?: string) {
    // The one anonymous page with a form: only here does a visitor get a session (for the CSRF token).
    return { titleKey: 'auth.loginTitle', next: safeNext(next, ''), bare: true, csrfToken: csrf.generateToken(req) };
  }

  @Public()
  @Post('login')
  async login(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const model = { titleKey: 'auth.loginTitle', values: { email: body.email }, next: safeNext(body.next, ''), bare: true };
    const form = await validateForm(LoginDto, body);
    if (!form.ok) return renderForm(res, this.i18n, 'accounts/login', model, form.fields);
    try {
      const user = await this.users.authenticate(form.value.email, form.value.password, req.ip ?? null);
      await new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
      req.session.userId = user.id;
      req.session.login = { at: Date.now(), ip: req.ip ?? null, userAgent: req.get('user-agent')?.slice(0, 255) ?? null };
      if (isLocale(user.locale)) res.cookie(LOCALE_COOKIE, user.locale, { httpOnly: true, sameSite: 'lax', maxAge: 365 * 86_400_000, secure: req.secure });
      res.redirect(303, user.mustChangePassword ? '/account/password' : safeNext(form.value.next));
    } catch (err) {
      if (err instanceof InvalidCredentialsError) return renderForm(res, this.i18n, 'accounts/login', model, {}, 401, 'auth.invalidCredentials');
      if (err instanceof LoginThrottledError) {
        res.setHeader('Retry-After', String(err.retryAfterSeconds));
        return renderForm(res, this.i18n, 'accounts/login', model, {}, 429, err.messageKey, err.params);
      }
      throw err;
    }
  }

  @Public()
  @Post('logout')
  async logout(@Req() req: Request, @Res() res: Response): Promise<void> {
    await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    res.clearCookie(SESSION_COOKIE);
    res.redirect(303, '/login');
  }

  @Roles(...EVERYONE)
  @AllowWhilePasswordChangePending()
  @Get('account/password')
  @Render('accounts/password')
  passwordPage(@CurrentPrincipal() principal: Principal) {
    return { titleKey: 'account.passwordTitle', mustChange: principal.mustChangePassword };
  }

  @Roles(...EVERYONE)
  @AllowWhilePasswordChangePending()
  @Post('account/password')
  async changePassword(@Body() body: Record<string, unknown>, @CurrentPrincipal() principal: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const model = { titleKey: 'account.passwordTitle', mustChange: principal.mustChangePassword };
    const form = await validateForm(ChangePasswordDto, body);
    if (!form.ok) return renderForm(res, this.i18n, 'accounts/password', model, form.fields);
    if (form.value.newPassword !== form.value.confirmPassword) {
      return renderForm(res, this.i18n, 'accounts/password', model, { confirmPassword: [{ code: 'mismatch' }] });
    }
    await handleForm(res, this.i18n, 'accounts/password', model, async () => {
      const { sessionsEnded, tokensRevoked } = await this.users.changePassword(
        principal.userId, form.value.currentPassword, form.value.newPassword, actorOf(principal, req),
        { keepSessionId: req.sessionID, revokeTokens: form.value.revokeTokens === true },
      );
      flash(req, 'success', 'account.passwordChanged');
      if (sessionsEnded) flash(req, 'info', 'sessions.endedOnPasswordChange', { count: sessionsEnded });
      if (tokensRevoked) flash(req, 'info', 'account.tokensRevoked', { count: tokensRevoked });
      res.redirect(303, '/');
    });
  }

  @Public()
  @Get('account/forgot')
  @Render('accounts/forgot')
  forgotPage(@Req() req: Request) {
    return { titleKey: 'auth.forgot.title', bare: true, csrfToken: csrf.generateToken(req) };
  }

  /** Always the same answer, whether or not the e-mail has an account; rate limited per address like the login. */
  @Public()
  @Post('account/forgot')
  async forgot(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const model = { titleKey: 'auth.forgot.title', bare: true, values: { email: body.email } };
    const form = await validateForm(ForgotPasswordDto, body);
    if (!form.ok) return renderForm(res, this.i18n, 'accounts/forgot', model, form.fields);
    await this.resets.request(form.value.email);
    flash(req, 'success', 'auth.forgot.sent', { minutes: this.config.PASSWORD_RESET_MINUTES });
    res.redirect(303, '/account/forgot');
  }

  /**
   * The link from the e-mail: the token moves into the session and the browser goes on to a token-free address,
   * so it never reaches a Referer, the history or a log of a later page.
   */
  @Public()
  @Get('account/reset')
  async resetPage(@Req() req: Request, @Res() res: Response, @Query('token') token?: string): Promise<void> {
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cache-Control', 'no-store');
    if (token !== undefined) {
      const digest = typeof token === 'string' ? resetTokenDigest(token) : null;
      if (digest) req.session.resetTokenHash = digest;
      else delete req.session.resetTokenHash;
      return res.redirect(303, '/account/reset');
    }
    const valid = await this.resets.isValid(req.session.resetTokenHash ?? '');
    res.render('accounts/reset', {
      titleKey: 'auth.reset.title', bare: true, valid, csrfToken: csrf.generateToken(req),
      ...(valid ? {} : { formError: this.i18n.t(res.locals.locale as string, 'auth.reset.invalid') }),
    });
  }

  @Public()
  @Post('account/reset')
  async reset(@Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cache-Control', 'no-store');
    const model = { titleKey: 'auth.reset.title', bare: true, valid: true };
    const form = await validateForm(ResetWithLinkDto, body);
    if (!form.ok) return renderForm(res, this.i18n, 'accounts/reset', model, form.fields);
    if (form.value.newPassword !== form.value.confirmPassword) {
      return renderForm(res, this.i18n, 'accounts/reset', model, { confirmPassword: [{ code: 'mismatch' }] });
    }
    try {
      await this.resets.reset(req.session.resetTokenHash ?? '', form.value.newPassword, req.ip ?? null);
    } catch (err) {
      if (err instanceof ResetLinkInvalidError) {
        delete req.session.resetTokenHash;
        return renderForm(res, this.i18n, 'accounts/reset', { ...model, valid: false }, {}, 400, err.messageKey);
      }
      throw err;
    }
    delete req.session.resetTokenHash;
    flash(req, 'success', 'auth.reset.done');
    res.redirect(303, '/login');
  }

  /** Switches the page language, remembers it in a cookie and, when logged in, for e-mail too. */
  @Public()
  @Get('locale/:lang')
  async setLocale(@Req() req: Request, @Res() res: Response, @Query('next') next?: string): Promise<void> {
    const lang = req.params.lang;
    if (isLocale(lang)) {
      res.cookie(LOCALE_COOKIE, lang, { httpOnly: true, sameSite: 'lax', maxAge: 365 * 86_400_000, secure: req.secure });
      if (req.principal) await this.users.setLocale(req.principal.userId, lang);
    }
    res.redirect(303, safeNext(next));
  }
}
