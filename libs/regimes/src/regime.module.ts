import { Module } from '@nestjs/common';
import { RegimeService } from './regime.service';

@Module({ providers: [RegimeService], exports: [RegimeService] })
export class RegimeModule {}
