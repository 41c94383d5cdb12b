import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { DossierStatus } from './dossier.lifecycle';

export interface Applicant {
  fullName: string;
  idNumber: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
}

/** Channels of TT 01/2018: 1 in person, 2 online, 3 public postal service. */
export type Channel = 1 | 2 | 3;

@Entity()
export class Dossier {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** `<agency electronic ID>-<yymmdd>-<seq>`, assigned at reception. */
  @Column({ type: 'varchar', length: 48, nullable: true })
  code!: string | null;

  @Column({ type: 'varchar', length: 40 })
  status!: DossierStatus;

  @Column({ type: 'varchar', length: 40, nullable: true })
  resumeStatus!: DossierStatus | null;

  @Column({ type: 'smallint' })
  channel!: Channel;

  @Column({ type: 'uuid' })
  agencyId!: string;

  @Column({ type: 'uuid' })
  procedureVersionId!: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  ownerSubject!: string | null;

  @Column({ type: 'jsonb' })
  applicant!: Applicant;

  @Column({ type: 'jsonb' })
  formData!: Record<string, unknown>;

  @Column({ type: 'varchar', length: 255, nullable: true })
  assigneeSubject!: string | null;

  @Column({ type: 'varchar', length: 16 })
  lookupKey!: string;

  @Column({ type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  receivedAt!: Date | null;

  @Column({ type: 'date', nullable: true })
  countingStartedOn!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  pausedAt!: Date | null;

  /** While waiting for an appraisal-stage supplement: when the dossier is closed if it is not completed. */
  @Column({ type: 'timestamptz', nullable: true })
  supplementDueAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  resultReadyAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  returnedAt!: Date | null;

  @Column({ type: 'smallint', nullable: true })
  returnChannel!: Channel | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ type: 'integer' })
  rowVersion!: number;

  @Column({ type: 'varchar', length: 255 })
  createdBySubject!: string;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}
