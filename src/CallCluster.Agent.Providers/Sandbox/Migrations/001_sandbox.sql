-- The sandbox store of the default agent: fixtures (customers, orders) and what the agent writes
-- (refunds, callbacks, tickets, do-not-call), each write tagged with a run id for clean-up.
CREATE TABLE IF NOT EXISTS sandbox_customers (
    id    text PRIMARY KEY,
    name  text NOT NULL,
    zip   text NOT NULL,
    phone text NOT NULL
);

CREATE TABLE IF NOT EXISTS sandbox_orders (
    number       text PRIMARY KEY,
    customer_id  text NOT NULL REFERENCES sandbox_customers (id),
    item         text NOT NULL,
    status       text NOT NULL,
    eta          text NOT NULL,
    amount_cents bigint NOT NULL,
    refundable   boolean NOT NULL
);

CREATE SEQUENCE IF NOT EXISTS sandbox_record_seq;

-- One refund per order and per idempotency key: a repeated request cannot make a second row.
CREATE TABLE IF NOT EXISTS sandbox_refunds (
    id              text PRIMARY KEY DEFAULT 'R' || lpad(nextval('sandbox_record_seq')::text, 5, '0'),
    order_number    text NOT NULL UNIQUE REFERENCES sandbox_orders (number),
    amount_cents    bigint NOT NULL,
    idempotency_key text NOT NULL UNIQUE,
    run_id          text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS sandbox_callbacks (
    id     text PRIMARY KEY DEFAULT 'CB' || lpad(nextval('sandbox_record_seq')::text, 5, '0'),
    phone  text NOT NULL,
    day    date NOT NULL,
    at     time NOT NULL,
    run_id text NOT NULL
);

CREATE TABLE IF NOT EXISTS sandbox_tickets (
    id      text PRIMARY KEY DEFAULT 'T' || lpad(nextval('sandbox_record_seq')::text, 5, '0'),
    phone   text NOT NULL,
    summary text NOT NULL,
    run_id  text NOT NULL
);

CREATE TABLE IF NOT EXISTS sandbox_do_not_call (
    phone  text PRIMARY KEY,
    run_id text NOT NULL
);

CREATE INDEX IF NOT EXISTS sandbox_refunds_run ON sandbox_refunds (run_id);
CREATE INDEX IF NOT EXISTS sandbox_callbacks_run ON sandbox_callbacks (run_id);
CREATE INDEX IF NOT EXISTS sandbox_tickets_run ON sandbox_tickets (run_id);
