import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The state of a calendar day as recorded in its history. */
export interface CalendarDaySnapshot {
  kind: string;
  name: string;
  source: string;
  /** The legal basis cited for the day, when one was recorded. */
  basis?: string | null;
}

/** Append-only history of administrators' edits of calendar days (a database trigger refuses updates and deletes). */
@Entity()
export class CalendarChange {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'uuid' })
  calendarId!: string;

  @Column({ type: 'date' })
  day!: string;

  /** Keycloak subject of the administrator. */
  @Column({ type: 'varchar', length: 255 })
  actorSubject!: string;

  @Column({ type: 'varchar', length: 255 })
  actorUsername!: string;

  @Column({ type: 'timestamptz' })
  changedAt!: Date;

  /** The day before the change; null when it was added. */
  @Column({ type: 'jsonb', nullable: true })
  before!: CalendarDaySnapshot | null;

  /** The day after the change; null when it was removed. */
  @Column({ type: 'jsonb', nullable: true })
  after!: CalendarDaySnapshot | null;

  @Column({ type: 'text' })
  reason!: string;
}
