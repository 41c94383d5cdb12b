import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from './principal';

export interface StaffMember {
  username: string;
  fullName: string | null;
  email: string | null;
  roles: string[];
  lastLoginAt: Date;
}

@Injectable()
export class UserProfileService {
  private readonly logger = new Logger(UserProfileService.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Creates or refreshes the profile of a principal who just signed in; resolves the agency by electronic ID. */
  async recordSignIn(principal: Principal): Promise<{ agencyKnown: boolean }> {
    const rows: Array<{ agency_id: string | null }> = await this.dataSource.query(
      `INSERT INTO user_profile (subject, username, full_name, email, roles, agency_id, claimed_agency_code)
       VALUES ($1, $2, $3, $4, $5, (SELECT id FROM agency WHERE code = $6), $6)
       ON CONFLICT ON CONSTRAINT user_profile_subject_uq DO UPDATE
          SET username = EXCLUDED.username, full_name = EXCLUDED.full_name, email = EXCLUDED.email,
              roles = EXCLUDED.roles, agency_id = EXCLUDED.agency_id,
              claimed_agency_code = EXCLUDED.claimed_agency_code, last_login_at = now()
       RETURNING agency_id`,
      [principal.subject, principal.username, principal.name, principal.email, principal.roles, principal.agency],
    );
    const agencyKnown = principal.agency === null || rows[0]?.agency_id !== null;
    if (!agencyKnown) {
      this.logger.warn(
        { subject: principal.subject, agency: principal.agency },
        'token names an agency the directory does not know',
      );
    }
    return { agencyKnown };
  }

  /** Staff of one agency who have signed in at least once. */
  async listStaffOfAgency(agencyCode: string): Promise<StaffMember[]> {
    const rows: Array<{
      username: string;
      full_name: string | null;
      email: string | null;
      roles: string[];
      last_login_at: Date;
    }> = await this.dataSource.query(
      `SELECT u.username, u.full_name, u.email, u.roles, u.last_login_at
           FROM user_profile u JOIN agency a ON a.id = u.agency_id
          WHERE a.code = $1
          ORDER BY u.full_name NULLS LAST, u.username`,
      [agencyCode],
    );
    return rows.map((r) => ({
      username: r.username,
      fullName: r.full_name,
      email: r.email,
      roles: r.roles,
      lastLoginAt: r.last_login_at,
    }));
  }
}
