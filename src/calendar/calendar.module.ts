import { Module } from '@nestjs/common';
import { WorkingCalendarService } from './working-calendar.service.js';

/**
 * The park's working calendar: public holidays and 调休 working weekend days that admins keep
 * (`/admin/calendar`), and `WorkingCalendarService` for every deadline counted in working days
 * (score objections, list objections, credit-repair reviews, publication of inspection results).
 */
@Module({
  providers: [WorkingCalendarService],
  exports: [WorkingCalendarService],
})
export class CalendarModule {}
