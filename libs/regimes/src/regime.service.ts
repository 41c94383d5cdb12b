import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { LegalRegime, regimeAt } from './legal-regime';
import { LegalRegimeRow, regimeFromRow } from './regime-row';

/** Reads the legal regimes (table `legal_regime`, owned by this library). One small query: no cache to go stale. */
@Injectable()
export class RegimeService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async all(em: EntityManager = this.dataSource.manager): Promise<LegalRegime[]> {
    const rows = await em.query<LegalRegimeRow[]>(
      `SELECT code, name, in_force_from, desk_name, desk_abbreviation, rules, bases, forms
         FROM legal_regime ORDER BY in_force_from`,
    );
    return rows.map(regimeFromRow);
  }

  /** The regime in force at an instant (a dossier's reception, or now for one not yet received). */
  async at(instant: Date, em?: EntityManager): Promise<LegalRegime> {
    return regimeAt(await this.all(em), instant);
  }
}
