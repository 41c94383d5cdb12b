import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fees and their payment (owned by @app/payments). A payment request is what the dossier owes, with its items and a
 * reference, created in the transaction that moves the dossier to awaiting_financial_obligation; at most one is open
 * per dossier. It is paid once: `payment` is unique per request, so an IPN and a counter payment racing for the same
 * request leave one payment (the loser's money, if it was taken, becomes a refund due). Online attempts are kept per
 * gateway transaction reference with what the gateway said; refunds are recorded when a paid dossier is refused or
 * stopped, and when money was taken twice.
 */
export class Payments1765800000000 implements MigrationInterface {
  name = 'Payments1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE payment_request (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        dossier_id uuid NOT NULL,
        reference varchar(20) NOT NULL,
        amount bigint NOT NULL,
        items jsonb NOT NULL,
        note text,
        status varchar(10) NOT NULL DEFAULT 'open',
        requested_by_subject varchar(255),
        requested_by_name text,
        created_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        CONSTRAINT payment_request_pk PRIMARY KEY (id),
        CONSTRAINT payment_request_reference_uq UNIQUE (reference),
        CONSTRAINT payment_request_dossier_fk FOREIGN KEY (dossier_id) REFERENCES dossier (id) ON DELETE CASCADE,
        CONSTRAINT payment_request_amount_ck CHECK (amount > 0),
        CONSTRAINT payment_request_status_ck CHECK (status IN ('open', 'paid', 'cancelled'))
      )`);
    await q.query(`CREATE UNIQUE INDEX payment_request_open_uq ON payment_request (dossier_id) WHERE status = 'open'`);
    await q.query(`CREATE INDEX payment_request_dossier_idx ON payment_request (dossier_id, created_at)`);

    await q.query(`
      CREATE TABLE payment_attempt (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        request_id uuid NOT NULL,
        gateway varchar(16) NOT NULL,
        txn_ref varchar(34) NOT NULL,
        amount bigint NOT NULL,
        order_info text NOT NULL,
        client_ip varchar(45) NOT NULL,
        gateway_create_date varchar(14) NOT NULL,
        status varchar(10) NOT NULL DEFAULT 'pending',
        response_code varchar(4),
        transaction_status varchar(4),
        transaction_no varchar(32),
        bank_code varchar(32),
        pay_date varchar(14),
        confirmed_by varchar(10),
        created_at timestamptz NOT NULL DEFAULT now(),
        confirmed_at timestamptz,
        CONSTRAINT payment_attempt_pk PRIMARY KEY (id),
        CONSTRAINT payment_attempt_txn_ref_uq UNIQUE (gateway, txn_ref),
        CONSTRAINT payment_attempt_request_fk FOREIGN KEY (request_id) REFERENCES payment_request (id) ON DELETE CASCADE,
        CONSTRAINT payment_attempt_status_ck CHECK (status IN ('pending', 'paid', 'failed')),
        CONSTRAINT payment_attempt_confirmed_by_ck CHECK (confirmed_by IS NULL OR confirmed_by IN ('ipn', 'query'))
      )`);
    await q.query(`CREATE INDEX payment_attempt_request_idx ON payment_attempt (request_id, created_at)`);
    await q.query(`CREATE INDEX payment_attempt_created_idx ON payment_attempt (created_at)`);

    await q.query(`
      CREATE TABLE payment (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        request_id uuid NOT NULL,
        receipt_no varchar(24) NOT NULL,
        method varchar(8) NOT NULL,
        amount bigint NOT NULL,
        attempt_id uuid,
        counter_receipt_no varchar(40),
        recorded_by_subject varchar(255),
        recorded_by_name text,
        paid_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT payment_pk PRIMARY KEY (id),
        CONSTRAINT payment_request_uq UNIQUE (request_id),
        CONSTRAINT payment_receipt_no_uq UNIQUE (receipt_no),
        CONSTRAINT payment_request_fk FOREIGN KEY (request_id) REFERENCES payment_request (id) ON DELETE CASCADE,
        CONSTRAINT payment_attempt_fk FOREIGN KEY (attempt_id) REFERENCES payment_attempt (id),
        CONSTRAINT payment_method_ck CHECK (method IN ('vnpay', 'cash', 'card')),
        CONSTRAINT payment_counter_ck CHECK (method = 'vnpay' OR (counter_receipt_no IS NOT NULL AND btrim(counter_receipt_no) <> '')),
        CONSTRAINT payment_online_ck CHECK (method <> 'vnpay' OR attempt_id IS NOT NULL)
      )`);
    await q.query(`CREATE SEQUENCE payment_receipt_seq`);

    await q.query(`
      CREATE TABLE payment_refund (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        request_id uuid NOT NULL,
        attempt_id uuid,
        amount bigint NOT NULL,
        reason varchar(20) NOT NULL,
        status varchar(10) NOT NULL DEFAULT 'due',
        refund_receipt_no varchar(40),
        refunded_by_subject varchar(255),
        refunded_by_name text,
        created_at timestamptz NOT NULL DEFAULT now(),
        refunded_at timestamptz,
        CONSTRAINT payment_refund_pk PRIMARY KEY (id),
        CONSTRAINT payment_refund_request_fk FOREIGN KEY (request_id) REFERENCES payment_request (id) ON DELETE CASCADE,
        CONSTRAINT payment_refund_attempt_fk FOREIGN KEY (attempt_id) REFERENCES payment_attempt (id),
        CONSTRAINT payment_refund_reason_ck CHECK (reason IN ('refused', 'stopped', 'withdrawn', 'paid_twice')),
        CONSTRAINT payment_refund_status_ck CHECK (status IN ('due', 'refunded')),
        CONSTRAINT payment_refund_done_ck CHECK (status = 'due' OR refund_receipt_no IS NOT NULL)
      )`);
    // One refund for a closed dossier's payment; one per attempt whose money was taken twice.
    await q.query(
      `CREATE UNIQUE INDEX payment_refund_closure_uq ON payment_refund (request_id) WHERE reason <> 'paid_twice'`,
    );
    await q.query(
      `CREATE UNIQUE INDEX payment_refund_twice_uq ON payment_refund (attempt_id) WHERE reason = 'paid_twice'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE payment_refund`);
    await q.query(`DROP SEQUENCE payment_receipt_seq`);
    await q.query(`DROP TABLE payment`);
    await q.query(`DROP TABLE payment_attempt`);
    await q.query(`DROP TABLE payment_request`);
  }
}
