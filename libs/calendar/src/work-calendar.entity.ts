import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A working calendar: the national default (`VN-default`) or a locality's own (e.g. one working Saturdays). */
@Entity()
export class WorkCalendar {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'boolean', default: false })
  saturdayWorking!: boolean;

  /** Local time (`HH:MM:SS`); receptions at or after it count from the next working day. */
  @Column({ type: 'time' })
  cutoffTime!: string;

  @Column({ type: 'time' })
  morningStart!: string;

  @Column({ type: 'time' })
  morningEnd!: string;

  @Column({ type: 'time' })
  afternoonStart!: string;

  @Column({ type: 'time' })
  afternoonEnd!: string;

  /** Bumped by every change of the calendar or its days, so every portal instance can tell its cache is stale. */
  @Column({ type: 'integer', default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
