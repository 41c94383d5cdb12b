import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { DossierStatus } from './dossier.lifecycle';

export interface Applicant {
  fullName: string;
  idNumber: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
}

/** Applicant facts the national identity proves (a session brokered from VNeID), as a dossier records them. */
export const IDENTITY_VERIFIED_FIELDS = ['fullName', 'idNumber', 'birthDate', 'address', 'phone'] as const;
export type IdentityVerifiedField = (typeof IDENTITY_VERIFIED_FIELDS)[number];

/**
 * Which applicant and e-form answers came from the national identity when the citizen wrote them: the provider, the
 * assurance level of that sign-in, the applicant fields, and the e-form keys it answered.
 */
export interface IdentityVerified {
  provider: string;
  level: 1 | 2;
  fields: IdentityVerifiedField[];
  formKeys: string[];
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

  /** What the national identity proved of the applicant (null: nothing, e.g. a walk-in or a portal password). */
  @Column({ type: 'jsonb', nullable: true })
  identityVerified!: IdentityVerified | null;

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
