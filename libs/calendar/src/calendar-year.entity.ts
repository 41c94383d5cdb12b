import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A year a calendar has data for. Days can only exist in such years; the engine refuses every other year. */
@Entity()
export class CalendarYear {
  @PrimaryColumn({ type: 'uuid' })
  calendarId!: string;

  @PrimaryColumn({ type: 'integer' })
  year!: number;

  @Column({ type: 'timestamptz' })
  seededAt!: Date;

  /** Username of the administrator who seeded it; null for the deployment's seed command. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  seededBy!: string | null;
}
