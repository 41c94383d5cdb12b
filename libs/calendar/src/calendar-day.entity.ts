import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { CalendarDayKind, CalendarDaySource } from './working-calendar';

/** A day that departs from the weekly pattern of its calendar: a day off, or a weekend day worked. */
@Entity()
export class CalendarDay {
  @PrimaryColumn({ type: 'uuid' })
  calendarId!: string;

  /** Local calendar date (Asia/Ho_Chi_Minh), `YYYY-MM-DD`. */
  @PrimaryColumn({ type: 'date' })
  day!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: CalendarDayKind;

  @Column({ type: 'text' })
  name!: string;

  /** statutory (composed from the Labour Code), notice (the year's government notice) or admin (edited by hand). */
  @Column({ type: 'varchar', length: 16 })
  source!: CalendarDaySource;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
