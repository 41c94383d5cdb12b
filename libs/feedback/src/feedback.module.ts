import { DynamicModule, Module } from '@nestjs/common';
import { CalendarService } from '@app/calendar';
import { FEEDBACK_API } from './feedback.contract';
import { FEEDBACK_OPTIONS, FeedbackOptions, FeedbackService } from './feedback.service';

/** Street reports (Phản ánh hiện trường). Configure it once per application. */
@Module({})
export class FeedbackModule {
  static forRoot(options: Partial<FeedbackOptions> = {}): DynamicModule {
    return {
      module: FeedbackModule,
      providers: [
        { provide: FEEDBACK_OPTIONS, useValue: options },
        CalendarService,
        FeedbackService,
        { provide: FEEDBACK_API, useExisting: FeedbackService },
      ],
      exports: [FeedbackService, FEEDBACK_API],
    };
  }
}
