import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { FeeItem } from './fee.rules';
import type { FormSchema } from './form-schema';
import type {
  ApplicantType,
  Channel,
  GroupComponent,
  LegalDocument,
  OnlineLevel,
  ProcedureStep,
  RequiredDocument,
  SupplementPolicy,
  TimeLimitUnit,
  VersionStatus,
} from './procedure-content';

/**
 * One version of a procedure's legal record, in force from `effectiveFrom` to `effectiveTo` (inclusive, null = open).
 * Published versions are immutable (database trigger); a dossier keeps the version it was received under.
 */
@Entity()
export class ProcedureVersion {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  procedureId!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'varchar', length: 16 })
  status!: VersionStatus;

  @Column({ type: 'date', nullable: true })
  effectiveFrom!: string | null;

  @Column({ type: 'date', nullable: true })
  effectiveTo!: string | null;

  @Column({ type: 'text' })
  implementingAgency!: string;

  @Column({ type: 'varchar', length: 16 })
  timeLimitUnit!: TimeLimitUnit;

  @Column({ type: 'integer' })
  timeLimitAmount!: number;

  @Column({ type: 'integer', nullable: true })
  timeLimitExtendedAmount!: number | null;

  @Column({ type: 'text', nullable: true })
  timeLimitNote!: string | null;

  @Column({ type: 'smallint', array: true })
  channels!: Channel[];

  @Column({ type: 'varchar', length: 16 })
  onlineLevel!: OnlineLevel;

  @Column({ type: 'boolean' })
  interAgency!: boolean;

  @Column({ type: 'varchar', length: 16 })
  supplementPolicy!: SupplementPolicy;

  @Column({ type: 'text', array: true })
  applicantTypes!: ApplicantType[];

  @Column({ type: 'jsonb' })
  steps!: ProcedureStep[];

  @Column({ type: 'jsonb' })
  requiredDocuments!: RequiredDocument[];

  @Column({ type: 'jsonb' })
  fees!: FeeItem[];

  @Column({ type: 'jsonb' })
  legalBasis!: LegalDocument[];

  @Column({ type: 'jsonb' })
  result!: string[];

  @Column({ type: 'jsonb' })
  conditions!: string[];

  @Column({ type: 'jsonb' })
  components!: GroupComponent[];

  @Column({ type: 'jsonb' })
  formSchema!: FormSchema;

  @Column({ type: 'text', nullable: true })
  createdBy!: string | null;

  @Column({ type: 'text', nullable: true })
  publishedBy!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
