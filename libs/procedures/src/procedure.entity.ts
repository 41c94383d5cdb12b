import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type OnlineIdentityLevel = 1 | 2;

/** A procedure of the catalogue, identified by its national code (e.g. 1.001193); its legal content is versioned. */
@Entity()
export class Procedure {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 32 })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  /** Lĩnh vực, e.g. "Hộ tịch". */
  @Column({ type: 'text' })
  field!: string;

  /**
   * The national identity assurance level an online dossier needs (1: any citizen account; 2: signed in with a
   * level-2 national identity). Part of the catalogue, not of a legal version: the province sets it.
   */
  @Column({ type: 'smallint', default: 1 })
  onlineIdentityLevel!: OnlineIdentityLevel;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
