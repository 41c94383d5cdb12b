import { DynamicModule, Module } from '@nestjs/common';
import { CounterDeviceService } from './counter-device.service';
import { RATING_OPTIONS, RatingOptions } from './rating.options';
import { RatingService } from './rating.service';

/** Ratings of returned dossiers and the counter tablets that collect them. Configure it once per application. */
@Module({})
export class RatingModule {
  static forRoot(options: RatingOptions): DynamicModule {
    return {
      module: RatingModule,
      providers: [{ provide: RATING_OPTIONS, useValue: options }, RatingService, CounterDeviceService],
      exports: [RatingService, CounterDeviceService, RATING_OPTIONS],
    };
  }
}
