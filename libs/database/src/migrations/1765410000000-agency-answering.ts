import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The agency that answers for a ceased one (owned by @app/agency): its successor, or the successor's successor, to the
 * end of the chain. When communes merged on 01/07/2025 the new unit took over the ceased units' work: their open
 * dossiers are seen, decided and returned by its staff, who are also the ones alerted about them, while every paper
 * keeps naming the unit that received the dossier. For an agency that has not ceased it is the agency itself. The walk
 * stops after 16 steps (a directory is not that deep; agency_successor_ck already forbids a loop of one).
 */
export class AgencyAnswering1765410000000 implements MigrationInterface {
  name = 'AgencyAnswering1765410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION agency_answering(agency uuid) RETURNS uuid
        LANGUAGE sql STABLE PARALLEL SAFE AS $$
          WITH RECURSIVE chain (id, successor_id, depth) AS (
            SELECT a.id, a.successor_id, 0 FROM agency a WHERE a.id = agency
            UNION ALL
            SELECT s.id, s.successor_id, c.depth + 1 FROM chain c JOIN agency s ON s.id = c.successor_id
             WHERE c.depth < 16)
          SELECT id FROM chain ORDER BY depth DESC LIMIT 1
        $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION agency_answering(uuid)`);
  }
}
