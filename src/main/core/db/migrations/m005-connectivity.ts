import type { Migration } from './index';

/**
 * Connectivity monitoring (#6) and the inbox. Raw samples are kept briefly; hourly and daily
 * buckets are written as samples arrive and hold seconds per state plus a sparse latency
 * histogram, so any period's availability and p95 come from a few rows. platform_status holds
 * what the overview shows, so the overview is one scan of one row per platform. Times are epoch
 * milliseconds (samples, status, incidents) or seconds (bucket starts): compact and cheap to
 * compare. Samples and buckets carry no foreign key: they are written in bulk by the monitor and
 * removed with their platform by the registry.
 */
export const m005Connectivity: Migration = {
  version: 5,
  name: 'connectivity monitoring and the inbox',
  up(db) {
    db.exec(`
      CREATE TABLE platforms (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        region_code TEXT NOT NULL REFERENCES regions(code),
        level TEXT NOT NULL,
        owner TEXT NOT NULL DEFAULT '',
        contact TEXT NOT NULL DEFAULT '',
        parent_id INTEGER REFERENCES platforms(id),
        endpoints TEXT NOT NULL,
        probe TEXT NOT NULL,
        revision INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      -- Also the overview's order: a 5,000-platform overview is read in index order, not sorted.
      CREATE INDEX platforms_by_region ON platforms(region_code, name);
      CREATE INDEX platforms_by_parent ON platforms(parent_id);

      CREATE TABLE maintenance_windows (
        id INTEGER PRIMARY KEY,
        platform_id INTEGER NOT NULL REFERENCES platforms(id) ON DELETE CASCADE,
        spec TEXT NOT NULL
      ) STRICT;
      CREATE INDEX maintenance_by_platform ON maintenance_windows(platform_id);

      CREATE TABLE platform_status (
        platform_id INTEGER PRIMARY KEY REFERENCES platforms(id) ON DELETE CASCADE,
        state TEXT NOT NULL DEFAULT 'pending',
        since INTEGER,
        last_checked INTEGER,
        last_latency INTEGER,
        last_cause TEXT,
        heartbeat TEXT NOT NULL DEFAULT '',
        -- The last 24 hours as [hourStartS, upS, downS, maintS] (JSON), kept for restarts, and their
        -- sums, which the overview reads (parsing 5,000 small JSON arrays was most of its time).
        hours TEXT NOT NULL DEFAULT '[]',
        up24_s INTEGER NOT NULL DEFAULT 0,
        down24_s INTEGER NOT NULL DEFAULT 0,
        maint24_s INTEGER NOT NULL DEFAULT 0,
        cert_expires INTEGER,
        upstream_ok INTEGER,
        open_incident_id INTEGER
      ) STRICT;

      CREATE TABLE probe_samples (
        platform_id INTEGER NOT NULL,
        at INTEGER NOT NULL,
        state TEXT NOT NULL,
        latency INTEGER,
        cause TEXT,
        PRIMARY KEY (platform_id, at)
      ) STRICT, WITHOUT ROWID;

      -- span 'h' (hour) or 'd' (day, China time); seconds in each state; hist: sparse histogram.
      CREATE TABLE platform_buckets (
        platform_id INTEGER NOT NULL,
        span TEXT NOT NULL,
        start INTEGER NOT NULL,
        up_s INTEGER NOT NULL,
        down_s INTEGER NOT NULL,
        unknown_s INTEGER NOT NULL,
        maint_s INTEGER NOT NULL,
        hist BLOB,
        PRIMARY KEY (platform_id, span, start)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE incidents (
        id INTEGER PRIMARY KEY,
        platform_id INTEGER NOT NULL REFERENCES platforms(id) ON DELETE CASCADE,
        region_code TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        ended_at INTEGER,
        cause TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '',
        ack_at INTEGER,
        ack_by TEXT,
        ack_note TEXT NOT NULL DEFAULT ''
      ) STRICT;
      CREATE INDEX incidents_by_platform ON incidents(platform_id, id);
      CREATE INDEX incidents_by_region ON incidents(region_code, id);
      CREATE INDEX incidents_open ON incidents(platform_id) WHERE ended_at IS NULL;

      -- Periods when the console's own network was gone (samples then are unknown, not down).
      CREATE TABLE monitor_outages (
        id INTEGER PRIMARY KEY,
        started_at INTEGER NOT NULL,
        ended_at INTEGER,
        cause TEXT NOT NULL
      ) STRICT;

      CREATE TABLE notifications (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        region_code TEXT NOT NULL,
        subject_type TEXT NOT NULL,
        subject_id INTEGER,
        params TEXT NOT NULL,
        created_at TEXT NOT NULL,
        -- The same event never notifies twice (an incident's opening, a certificate's expiry date).
        dedupe_key TEXT UNIQUE
      ) STRICT;
      CREATE INDEX notifications_by_region ON notifications(region_code, id);
      CREATE TABLE notification_reads (
        user_id INTEGER NOT NULL,
        notification_id INTEGER NOT NULL REFERENCES notifications(id) ON DELETE CASCADE,
        PRIMARY KEY (user_id, notification_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX notification_reads_by_notification ON notification_reads(notification_id);
    `);
  },
};
