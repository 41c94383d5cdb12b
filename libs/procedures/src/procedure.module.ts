import { Module } from '@nestjs/common';
import { ProcedureService } from './procedure.service';

@Module({ providers: [ProcedureService], exports: [ProcedureService] })
export class ProcedureModule {}
