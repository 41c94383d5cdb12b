import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '@app/auth';
import { DomainError, FieldProblem } from '@app/observability';
import { generateWebhookSecret } from '../signing/webhook-signature';
import {
  allowedNetworkList,
  DEFAULT_EGRESS_POLICY,
  EGRESS_POLICY,
  EgressPolicy,
  targetUrlProblem,
} from '../deliveries/egress';
import { DELIVERY_MODES, DeliveryMode, DeliveryTargetView, RouteStepInput, RouteStepView } from '../routing.types';
import { routeProblems } from './route.rules';

interface StepRow {
  id: string;
  stage: number;
  step_code: string;
  name: string;
  agency_code: string;
  agency_name: string;
  budget_unit: RouteStepView['budgetUnit'];
  budget_amount: number;
}

interface TargetRow {
  code: string;
  kind: DeliveryTargetView['kind'];
  agency_code: string | null;
  agency_name: string | null;
  mode: DeliveryMode;
  url: string | null;
  timeout_ms: number;
  active: boolean;
  secret: string | null;
  previous_secret_expires_at: Date | null;
  consecutive_failures: number;
  circuit_open_until: Date | null;
}

const SELECT_TARGET = `SELECT t.*, a.code AS agency_code, a.name AS agency_name
  FROM delivery_target t LEFT JOIN agency a ON a.id = t.agency_id`;

function stepView(r: StepRow): RouteStepView {
  return {
    id: r.id,
    stage: r.stage,
    stepCode: r.step_code,
    name: r.name,
    agencyCode: r.agency_code,
    agencyName: r.agency_name,
    budgetUnit: r.budget_unit,
    budgetAmount: r.budget_amount,
  };
}

function targetView(r: TargetRow): DeliveryTargetView {
  return {
    code: r.code,
    kind: r.kind,
    agencyCode: r.agency_code,
    agencyName: r.agency_name,
    mode: r.mode,
    url: r.url,
    timeoutMs: r.timeout_ms,
    active: r.active,
    hasSecret: r.secret !== null,
    previousSecretExpiresAt: r.previous_secret_expires_at,
    consecutiveFailures: r.consecutive_failures,
    circuitOpenUntil: r.circuit_open_until,
  };
}

function requireAdmin(principal: Principal): void {
  if (!principal.roles.includes('admin')) throw new DomainError('forbidden', 'Only an administrator changes this.');
}

/** Routes of inter-agency procedures and the way each agency (and the national portal) receives messages. */
@Injectable()
export class RouteService {
  private readonly allowedNetworks: ReturnType<typeof allowedNetworkList>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Optional() @Inject(EGRESS_POLICY) egress: EgressPolicy = DEFAULT_EGRESS_POLICY,
  ) {
    this.allowedNetworks = allowedNetworkList(egress.allowedNetworks);
  }

  async interAgencyProcedures(): Promise<Array<{ code: string; name: string; steps: number }>> {
    return this.dataSource.query(
      `SELECT p.code, p.name, (SELECT count(*)::int FROM route_step s WHERE s.procedure_id = p.id) AS steps
         FROM procedure p
        WHERE EXISTS (SELECT 1 FROM procedure_version v WHERE v.procedure_id = p.id AND v.inter_agency)
           OR EXISTS (SELECT 1 FROM route_step s WHERE s.procedure_id = p.id)
        ORDER BY p.code`,
    );
  }

  private async procedure(em: EntityManager, code: string, lock = false) {
    const [p] = await em.query<
      Array<{
        id: string;
        code: string;
        name: string;
        time_limit_unit: string;
        time_limit_amount: number;
        time_limit_extended_amount: number | null;
      }>
    >(
      `SELECT p.id, p.code, p.name, v.time_limit_unit, v.time_limit_amount, v.time_limit_extended_amount
         FROM procedure p
         LEFT JOIN LATERAL (SELECT * FROM procedure_version v WHERE v.procedure_id = p.id
                             ORDER BY (v.status = 'published') DESC, v.version DESC LIMIT 1) v ON true
        WHERE p.code = $1 ${lock ? 'FOR UPDATE OF p' : ''}`,
      [code],
    );
    if (!p) throw new DomainError('not_found', `No procedure with code ${code}.`);
    return p;
  }

  private steps(em: EntityManager, procedureId: string): Promise<StepRow[]> {
    return em.query<StepRow[]>(
      `SELECT s.id, s.stage, s.step_code, s.name, a.code AS agency_code, a.name AS agency_name, s.budget_unit,
              s.budget_amount
         FROM route_step s JOIN agency a ON a.id = s.agency_id
        WHERE s.procedure_id = $1 ORDER BY s.stage, s.step_code`,
      [procedureId],
    );
  }

  async getRoute(procedureCode: string) {
    const p = await this.procedure(this.dataSource.manager, procedureCode);
    return {
      procedure: {
        code: p.code,
        name: p.name,
        timeLimitUnit: p.time_limit_unit,
        timeLimitAmount: p.time_limit_amount,
        timeLimitExtendedAmount: p.time_limit_extended_amount,
      },
      steps: (await this.steps(this.dataSource.manager, p.id)).map(stepView),
    };
  }

  /**
   * Replaces a procedure's whole route in one transaction. Cases already forwarded keep the steps they were opened
   * with (each case copies its step), so an edit only affects dossiers forwarded afterwards.
   */
  async replaceRoute(principal: Principal, procedureCode: string, steps: RouteStepInput[]): Promise<RouteStepView[]> {
    requireAdmin(principal);
    return this.dataSource.transaction(async (em) => {
      const p = await this.procedure(em, procedureCode, true);
      const agencies = await em.query<Array<{ code: string }>>(`SELECT code FROM agency WHERE active`);
      const problems = routeProblems(steps, {
        knownAgencies: new Set(agencies.map((a) => a.code)),
        limit: { unit: p.time_limit_unit, amount: p.time_limit_amount, extendedAmount: p.time_limit_extended_amount },
      });
      if (problems.length > 0) {
        throw new DomainError(
          'validation_failed',
          problems.map((x) => `${x.field} ${x.messages.join(', ')}`).join('; '),
          { errors: problems },
        );
      }
      await em.query(`DELETE FROM route_step WHERE procedure_id = $1`, [p.id]);
      for (const s of steps) {
        await em.query(
          `INSERT INTO route_step (procedure_id, stage, step_code, name, agency_id, budget_unit, budget_amount)
           SELECT $1, $2, $3, $4, a.id, $6, $7 FROM agency a WHERE a.code = $5`,
          [p.id, s.stage, s.stepCode, s.name.trim(), s.agencyCode, s.budgetUnit, s.budgetAmount],
        );
      }
      return (await this.steps(em, p.id)).map(stepView);
    });
  }

  async listTargets(): Promise<DeliveryTargetView[]> {
    const rows = await this.dataSource.query<TargetRow[]>(`${SELECT_TARGET} ORDER BY t.kind, t.code`);
    return rows.map(targetView);
  }

  private async target(em: EntityManager, code: string): Promise<TargetRow & { id: string }> {
    const [row] = await em.query<Array<TargetRow & { id: string }>>(
      `${SELECT_TARGET} WHERE t.code = $1 FOR UPDATE OF t`,
      [code],
    );
    if (!row) throw new DomainError('not_found', `No delivery target ${code}.`);
    return row;
  }

  async updateTarget(
    principal: Principal,
    code: string,
    input: { mode?: DeliveryMode; url?: string | null; timeoutMs?: number; active?: boolean },
  ): Promise<DeliveryTargetView> {
    requireAdmin(principal);
    return this.dataSource.transaction(async (em) => {
      const row = await this.target(em, code);
      const next = {
        mode: input.mode ?? row.mode,
        url:
          input.url === undefined ? row.url : input.url === null || input.url.trim() === '' ? null : input.url.trim(),
        timeoutMs: input.timeoutMs ?? row.timeout_ms,
        active: input.active ?? row.active,
      };
      const errors: FieldProblem[] = [];
      if (!DELIVERY_MODES.includes(next.mode))
        errors.push({ field: 'mode', messages: ['must be push, pull or inbox'] });
      else if (row.kind === 'national_portal' && next.mode !== 'push')
        errors.push({ field: 'mode', messages: ['the national portal is reached by push only'] });
      if (next.url !== null) {
        let parsed: URL | null = null;
        try {
          parsed = new URL(next.url);
        } catch {
          parsed = null;
        }
        if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.username || parsed.password)
          errors.push({ field: 'url', messages: ['must be an http(s) URL without credentials'] });
        else if (await targetUrlProblem(parsed, this.allowedNetworks))
          errors.push({
            field: 'url',
            messages: ['must not point at a loopback, private or reserved address'],
            code: 'private_address',
          });
      }
      if (next.mode === 'push' && next.active && next.url === null)
        errors.push({ field: 'url', messages: ['is required to push'], code: 'required' });
      if (!Number.isInteger(next.timeoutMs) || next.timeoutMs < 100 || next.timeoutMs > 120_000)
        errors.push({ field: 'timeoutMs', messages: ['must be a whole number of milliseconds from 100 to 120000'] });
      if (errors.length > 0) {
        throw new DomainError('validation_failed', errors.map((e) => `${e.field} ${e.messages[0]}`).join('; '), {
          errors,
        });
      }
      // Switching to push creates the signing secret the agency needs (shown by rotateSecret).
      const secret = row.secret ?? (next.mode === 'push' ? generateWebhookSecret() : null);
      await em.query(
        `UPDATE delivery_target SET mode = $2, url = $3, timeout_ms = $4, active = $5, secret = $6, updated_at = now()
          WHERE code = $1`,
        [code, next.mode, next.url, next.timeoutMs, next.active, secret],
      );
      return targetView(await this.target(em, code));
    });
  }

  /**
   * A new signing secret. The old one keeps signing next to it (two signatures per message) until the overlap ends,
   * so the receiver can switch without losing a message. The new secret is returned once and never shown again.
   */
  async rotateSecret(
    principal: Principal,
    code: string,
    overlapHours = 24,
  ): Promise<{ secret: string; previousSecretExpiresAt: Date | null }> {
    requireAdmin(principal);
    if (!Number.isFinite(overlapHours) || overlapHours < 0 || overlapHours > 24 * 30) {
      throw new DomainError('validation_failed', 'overlapHours must be between 0 and 720.', {
        errors: [{ field: 'overlapHours', messages: ['must be between 0 and 720'] }],
      });
    }
    return this.dataSource.transaction(async (em) => {
      const row = await this.target(em, code);
      const secret = generateWebhookSecret();
      const expires = row.secret && overlapHours > 0 ? new Date(Date.now() + overlapHours * 3600_000) : null;
      await em.query(
        `UPDATE delivery_target SET secret = $2, previous_secret = $3, previous_secret_expires_at = $4, updated_at = now()
          WHERE code = $1`,
        [code, secret, expires ? row.secret : null, expires],
      );
      return { secret, previousSecretExpiresAt: expires };
    });
  }
}
