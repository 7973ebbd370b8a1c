import { Module } from '@nestjs/common';
import { CalendarAuditSubjects } from './calendar-audit.subjects.js';
import { CalendarDaysService } from './calendar-days.service.js';
import { CalendarController } from './calendar.controller.js';
import { CalendarPagesController } from './calendar.pages.controller.js';
import { WorkingCalendarService } from './working-calendar.service.js';

/**
 * The park's working calendar: public holidays and 调休 working weekend days that admins keep
 * (`/admin/calendar`, `/api/v1/calendar`), and `WorkingCalendarService` for every deadline counted in
 * working days (score objections, list objections, credit-repair reviews, publication of inspection results).
 */
@Module({
  controllers: [CalendarController, CalendarPagesController],
  providers: [WorkingCalendarService, CalendarDaysService, CalendarAuditSubjects],
  exports: [WorkingCalendarService, CalendarDaysService],
})
export class CalendarModule {}
