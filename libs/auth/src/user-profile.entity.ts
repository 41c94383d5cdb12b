import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The local profile of a Keycloak user, keyed by the subject; refreshed at every sign-in. */
@Entity()
export class UserProfile {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 255 })
  subject!: string;

  @Column({ type: 'varchar', length: 255 })
  username!: string;

  @Column({ type: 'text', nullable: true })
  fullName!: string | null;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  roles!: string[];

  @Column({ type: 'uuid', nullable: true })
  agencyId!: string | null;

  /** The agency code the token claimed, kept even when the directory does not (yet) know it. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  claimedAgencyCode!: string | null;

  @Column({ type: 'timestamptz' })
  firstSeenAt!: Date;

  @Column({ type: 'timestamptz' })
  lastLoginAt!: Date;
}
