'use strict'
// The tables as the JavaScript package creates them (SPEC 1.7), made outside the addon by the
// tests that check existing tables are used as they are, and by the benchmarks' JS side.

function postgresTableSql(table) {
  return `CREATE TABLE ${table} (id UUID PRIMARY KEY, type VARCHAR(100) NOT NULL,
    timestamp TIMESTAMPTZ NOT NULL DEFAULT NOW(), status VARCHAR(20) NOT NULL DEFAULT 'success',
    user_id VARCHAR(255), session_id VARCHAR(255), organization_id VARCHAR(255), metadata JSONB DEFAULT '{}',
    ip_address INET, user_agent TEXT, source VARCHAR(50) DEFAULT 'app', display_message TEXT,
    display_severity VARCHAR(20), created_at TIMESTAMPTZ DEFAULT NOW());
    CREATE INDEX idx_${table}_user_id ON ${table}(user_id);
    CREATE INDEX idx_${table}_type ON ${table}(type);
    CREATE INDEX idx_${table}_timestamp ON ${table}(timestamp DESC);
    CREATE INDEX idx_${table}_id_timestamp ON ${table}(id, timestamp DESC);`
}

function clickhouseTableSql(table) {
  return `CREATE TABLE ${table} (id UUID, type String, timestamp DateTime, status String DEFAULT 'success',
    user_id Nullable(String), session_id Nullable(String), organization_id Nullable(String), metadata String,
    ip_address Nullable(String), user_agent Nullable(String), source String DEFAULT 'app',
    display_message Nullable(String), display_severity Nullable(String), created_at DateTime DEFAULT now())
    ENGINE = MergeTree() ORDER BY (timestamp, type) PARTITION BY toYYYYMM(timestamp)`
}

module.exports = { postgresTableSql, clickhouseTableSql }
