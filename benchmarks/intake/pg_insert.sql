-- pgbench script: one single-row INSERT per transaction, the PostgreSQL raw
-- ceiling that an HTTP order creation is compared with (see run.sh).
INSERT INTO t (payload, created_at) VALUES (repeat('x', 300), now());
