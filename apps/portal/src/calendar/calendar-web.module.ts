import { Module } from '@nestjs/common';
import { CalendarModule } from '@app/calendar';
import { CalendarAdminController } from './calendar-admin.controller';
import { CalendarController } from './calendar.controller';

/** The calendar's HTTP surface: the public/admin REST API and the administrator's page. */
@Module({ imports: [CalendarModule], controllers: [CalendarController, CalendarAdminController] })
export class CalendarWebModule {}
