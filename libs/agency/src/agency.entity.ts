import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const AGENCY_LEVELS = ['central', 'province', 'district', 'commune'] as const;
export const AGENCY_KINDS = ['people_committee', 'police', 'social_insurance', 'tax', 'justice', 'other'] as const;
export type AgencyLevel = (typeof AGENCY_LEVELS)[number];
export type AgencyKind = (typeof AGENCY_KINDS)[number];

/** An agency of the directory, identified by its electronic ID (mã định danh điện tử, QĐ 20/2020/QĐ-TTg). */
@Entity()
export class Agency {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Electronic ID, e.g. 000.17.22.H56; the prefix of every dossier code the agency issues. */
  @Column({ type: 'varchar', length: 32 })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  shortName!: string | null;

  @Column({ type: 'varchar', length: 16 })
  level!: AgencyLevel;

  @Column({ type: 'varchar', length: 32 })
  kind!: AgencyKind;

  @Column({ type: 'uuid', nullable: true })
  parentId!: string | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
