#!/usr/bin/env bash
# Starts the Debian PostgreSQL cluster (if it is not running) and makes the `stalela` test role the tests use.
# Idempotent: safe to run when the server is already up. Used by .ci/run and by test/support/postgres.ts.
set -euo pipefail
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk '{print $4}' | grep -q online; then
  if ! pg_lsclusters -h | grep -q .; then pg_createcluster "$version" main; fi
  pg_ctlcluster "$version" main start
fi
for _ in $(seq 1 50); do
  runuser -u postgres -- psql -qtAc 'select 1' >/dev/null 2>&1 && break
  sleep 0.2
done
runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qtA <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'stalela') THEN
    CREATE ROLE stalela LOGIN PASSWORD 'stalela' CREATEDB;
  END IF;
END $$;
SQL
echo "PostgreSQL $version ready: postgres://stalela:stalela@127.0.0.1:5432/postgres"
