import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { AccountsModule } from './accounts/accounts.module.js';
import { AuthGuard } from './accounts/auth/auth.guard.js';
import { AuditModule } from './audit/audit.module.js';
import { CalendarModule } from './calendar/calendar.module.js';
import { AllExceptionsFilter } from './common/filters/all-exceptions.filter.js';
import { createValidationPipe } from './common/validation.js';
import { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { ContributionsModule } from './common/contributions/contributions.module.js';
import { DatabaseModule } from './database/database.module.js';
import { ConventionsModule } from './conventions/conventions.module.js';
import { DemoModule } from './demo/demo.module.js';
import { EvaluationsModule } from './evaluations/evaluations.module.js';
import { FilesModule } from './files/files.module.js';
import { FindingsModule } from './findings/findings.module.js';
import { HealthModule } from './health/health.module.js';
import { HomeModule } from './home/home.module.js';
import { I18nModule } from './i18n/i18n.module.js';
import { ListsModule } from './lists/lists.module.js';
import { MailModule } from './mail/mail.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import type { ProcessRole } from './queue/job-runner.service.js';
import { QueueModule } from './queue/queue.module.js';
import { QueueAdminModule } from './queue/queue-admin.module.js';
import { SamplingModule } from './sampling/sampling.module.js';
import { ScoringModule } from './scoring/scoring.module.js';
import { TenantsModule } from './tenants/tenants.module.js';
import { TrainingsModule } from './trainings/trainings.module.js';

/** The application; `forRoot` takes the configuration loaded once at boot and the role of this process. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, role: ProcessRole = 'web'): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        ContributionsModule,
        DatabaseModule,
        I18nModule,
        QueueModule.forRoot(role),
        MailModule,
        AuditModule,
        NotificationsModule,
        AccountsModule,
        TenantsModule,
        HealthModule,
        HomeModule,
        FilesModule,
        ConventionsModule,
        TrainingsModule,
        EvaluationsModule,
        FindingsModule,
        ScoringModule,
        CalendarModule,
        ListsModule,
        SamplingModule,
        QueueAdminModule,
        // Last: it imports sub-modules of the contexts above, and a module's routes register in the order modules
        // are first met (trainings' sub-features must come before its /trainings/:id pages).
        DemoModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
