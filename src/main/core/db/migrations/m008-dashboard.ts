import type { Db } from '../connection';
import type { Migration } from './index';

/**
 * Summaries behind the compliance dashboards (#7), kept by triggers in the same transaction as the
 * change they count, so every writer (the services, spreadsheet imports, the sample loader, a
 * bench inserting rows) keeps them right. Each row is per region *subtree* (a change is added to
 * every ancestor through region_ancestors, as the directory tallies are), so a province's figure
 * is one row read, whatever the volume below it. Flow indicators are kept per China day: a month
 * is at most 31 rows, a year 366.
 *
 * The rules these triggers implement are written out once, in src/main/core/dashboard/scan.ts,
 * which computes the same figures from the raw tables; the property test holds the two equal.
 */
export const m008Dashboard: Migration = {
  version: 8,
  name: 'dashboard summaries',
  up(db) {
    db.exec(`
      -- Published entries, as their published version describes them, by declared update cycle and
      -- the day their newest mounted resource was last updated ('' when none says): update
      -- timeliness compares that day with the period's end, so it cannot be pre-counted.
      CREATE TABLE dash_directory (
        region_code TEXT NOT NULL,
        update_cycle TEXT NOT NULL,
        fresh_day TEXT NOT NULL,
        published INTEGER NOT NULL DEFAULT 0,
        complete INTEGER NOT NULL DEFAULT 0,
        mounted INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (region_code, update_cycle, fresh_day)
      ) STRICT, WITHOUT ROWID;

      -- Registered departments, and those with at least one published entry (departments.published,
      -- the m004 tally, crossing zero).
      CREATE TABLE dash_departments (
        region_code TEXT PRIMARY KEY,
        departments INTEGER NOT NULL DEFAULT 0,
        covered INTEGER NOT NULL DEFAULT 0
      ) STRICT, WITHOUT ROWID;

      -- Requests by the day their answer is due (the provider's region): answered by then, answered
      -- later, not answered (yet). Withdrawn unanswered on or before the due day: not counted.
      CREATE TABLE dash_request_due (
        region_code TEXT NOT NULL,
        due_day TEXT NOT NULL,
        on_time INTEGER NOT NULL DEFAULT 0,
        late INTEGER NOT NULL DEFAULT 0,
        unanswered INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (region_code, due_day)
      ) STRICT, WITHOUT ROWID;

      -- Answers by the day they were given (the provider's region).
      CREATE TABLE dash_request_answers (
        region_code TEXT NOT NULL,
        day TEXT NOT NULL,
        approved INTEGER NOT NULL DEFAULT 0,
        refused INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (region_code, day)
      ) STRICT, WITHOUT ROWID;

      -- Cases by their decision due date as it stands (the handling authority's region).
      CREATE TABLE dash_case_due (
        region_code TEXT NOT NULL,
        due_day TEXT NOT NULL,
        on_time INTEGER NOT NULL DEFAULT 0,
        late INTEGER NOT NULL DEFAULT 0,
        undecided INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (region_code, due_day)
      ) STRICT, WITHOUT ROWID;

      -- Ratings by the day they were given (the handling authority's region).
      CREATE TABLE dash_case_ratings (
        region_code TEXT NOT NULL,
        day TEXT NOT NULL,
        ratings INTEGER NOT NULL DEFAULT 0,
        stars INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (region_code, day)
      ) STRICT, WITHOUT ROWID;

      -- The monitor's daily buckets (seconds up / down / in maintenance, by the China day's first
      -- second) added up per region subtree: a nation's year is 366 rows, not platforms × 366.
      CREATE TABLE dash_platform_days (
        region_code TEXT NOT NULL,
        start INTEGER NOT NULL,
        up_s INTEGER NOT NULL DEFAULT 0,
        down_s INTEGER NOT NULL DEFAULT 0,
        maint_s INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (region_code, start)
      ) STRICT, WITHOUT ROWID;
    `);
    db.exec(DASHBOARD_TRIGGERS);
    rebuildDashboardSummaries(db);
  },
};

/** JSON ITEM_TYPES of shared/directory.ts, frozen with this migration. */
export const ITEM_TYPES_SQL = "('string', 'integer', 'decimal', 'date', 'datetime', 'boolean', 'binary')";

const nonEmpty = (c: string, path: string) => `length(coalesce(json_extract(${c}, '$.${path}'), '')) > 0`;

/**
 * What one version's content contributes: update cycle, newest mount day, complete (0/1), mounted
 * (0/1). `c` is an SQL expression holding the content JSON.
 */
export function directoryFactsSql(c: string): string {
  const complete = [
    nonEmpty(c, 'summary'),
    nonEmpty(c, 'internalUnit'),
    `coalesce(json_array_length(${c}, '$.items'), 0) > 0`,
    `NOT EXISTS (SELECT 1 FROM json_each(${c}, '$.items') i WHERE coalesce(json_extract(i.value, '$.type'), '') NOT IN ${ITEM_TYPES_SQL})`,
    `(json_extract(${c}, '$.sharing') = 'unconditional' OR ${nonEmpty(c, 'legalBasis')})`,
    `(json_extract(${c}, '$.sharing') IS NOT 'conditional' OR ${nonEmpty(c, 'sharingConditions')})`,
  ].join(' AND ');
  return `json_extract(${c}, '$.updateCycle') AS update_cycle,
    coalesce((SELECT max(json_extract(m.value, '$.lastUpdated')) FROM json_each(${c}, '$.mounts') m), '') AS fresh_day,
    (${complete}) AS complete,
    (coalesce(json_array_length(${c}, '$.mounts'), 0) > 0) AS mounted`;
}

const ADD_DIRECTORY = `ON CONFLICT DO UPDATE SET published = published + excluded.published, complete = complete + excluded.complete, mounted = mounted + excluded.mounted`;

/** Adds (sign 1) or takes away (sign -1) an entry's published version in `region`'s ancestors. */
function directoryDelta(sign: 1 | -1, region: string, contentFrom: string): string {
  return `INSERT INTO dash_directory (region_code, update_cycle, fresh_day, published, complete, mounted)
    SELECT a.ancestor_code, f.update_cycle, f.fresh_day, ${sign}, ${sign} * f.complete, ${sign} * f.mounted
    FROM (SELECT ${directoryFactsSql('x.content')} FROM ${contentFrom}) f JOIN region_ancestors a ON a.region_code = ${region}
    WHERE true ${ADD_DIRECTORY};`;
}

function departmentDelta(sign: 1 | -1, row: 'OLD' | 'NEW'): string {
  return `INSERT INTO dash_departments (region_code, departments, covered)
    SELECT ancestor_code, ${sign}, ${sign} * (${row}.published > 0) FROM region_ancestors WHERE region_code = ${row}.region_code
    ON CONFLICT DO UPDATE SET departments = departments + excluded.departments, covered = covered + excluded.covered;`;
}

/** A daily bucket's seconds (or their change) added to its platform's region and every ancestor. */
function platformDayDelta(up: string, down: string, maint: string, row: 'OLD' | 'NEW'): string {
  return `INSERT INTO dash_platform_days (region_code, start, up_s, down_s, maint_s)
    SELECT ancestor_code, ${row}.start, ${up}, ${down}, ${maint} FROM region_ancestors
    WHERE region_code = (SELECT region_code FROM platforms WHERE id = ${row}.platform_id)
    ON CONFLICT DO UPDATE SET up_s = up_s + excluded.up_s, down_s = down_s + excluded.down_s, maint_s = maint_s + excluded.maint_s;`;
}

/** All of a platform's daily buckets taken from (-1) or added to (1) a region's ancestors. */
function platformMoved(region: string, sign: 1 | -1): string {
  return `INSERT INTO dash_platform_days (region_code, start, up_s, down_s, maint_s)
    SELECT a.ancestor_code, b.start, ${sign} * b.up_s, ${sign} * b.down_s, ${sign} * b.maint_s
    FROM platform_buckets b JOIN region_ancestors a ON a.region_code = ${region} WHERE b.platform_id = OLD.id AND b.span = 'd'
    ON CONFLICT DO UPDATE SET up_s = up_s + excluded.up_s, down_s = down_s + excluded.down_s, maint_s = maint_s + excluded.maint_s;`;
}

/** A case's decision deadline and outcome: on time when decided on a China day no later than due. */
function caseDelta(sign: 1 | -1, row: 'OLD' | 'NEW'): string {
  return `INSERT INTO dash_case_due (region_code, due_day, on_time, late, undecided)
    SELECT ancestor_code, ${row}.decide_due,
      ${sign} * (${row}.decided_at IS NOT NULL AND date(${row}.decided_at, '+8 hours') <= ${row}.decide_due),
      ${sign} * (${row}.decided_at IS NOT NULL AND date(${row}.decided_at, '+8 hours') > ${row}.decide_due),
      ${sign} * (${row}.decided_at IS NULL)
    FROM region_ancestors WHERE region_code = ${row}.handling_region AND ${row}.decide_due IS NOT NULL
    ON CONFLICT DO UPDATE SET on_time = on_time + excluded.on_time, late = late + excluded.late, undecided = undecided + excluded.undecided;`;
}

const REQUEST_DUE = `(SELECT json_extract(data, '$.due') FROM sharing_events WHERE subject = 'request' AND subject_id = NEW.subject_id AND kind = 'filed' ORDER BY id LIMIT 1)`;
const PROVIDER = `(SELECT provider_region FROM sharing_requests WHERE id = NEW.subject_id)`;
const EVENT_DAY = `date(NEW.at, '+8 hours')`;
const ANSWERED_BEFORE = `EXISTS (SELECT 1 FROM sharing_events WHERE subject = 'request' AND subject_id = NEW.subject_id AND kind IN ('approve', 'refuse') AND id <> NEW.id)`;

/** The published version of entry OLD/NEW, as a one-row source for directoryDelta. */
const publishedVersion = (row: 'OLD' | 'NEW') => `entry_versions x WHERE x.entry_id = ${row}.id AND x.version = ${row}.published_version AND ${row}.published = 1`;

const ENTRY_REGION = '(SELECT region_code FROM directory_entries WHERE id = NEW.entry_id)';

/** Named so EntryStore's bulk writes can set it aside and add the batch with one grouped statement. */
export const DASH_VERSION_INSERT_TRIGGER = 'dash_versions_insert';

const DASHBOARD_TRIGGERS = `
  -- Approve, withdraw, a revision approved (a new published version): out with the old, in with the new.
  CREATE TRIGGER dash_entries_update AFTER UPDATE OF published, published_version, region_code ON directory_entries
  WHEN OLD.published IS NOT NEW.published OR OLD.published_version IS NOT NEW.published_version OR OLD.region_code IS NOT NEW.region_code BEGIN
    ${directoryDelta(-1, 'OLD.region_code', publishedVersion('OLD'))}
    ${directoryDelta(1, 'NEW.region_code', publishedVersion('NEW'))}
  END;
  -- An entry inserted already published gets its version row right after its entry row.
  CREATE TRIGGER ${DASH_VERSION_INSERT_TRIGGER} AFTER INSERT ON entry_versions
  WHEN (SELECT published = 1 AND published_version = NEW.version FROM directory_entries WHERE id = NEW.entry_id) BEGIN
    ${directoryDelta(1, ENTRY_REGION, '(SELECT NEW.content AS content) x')}
  END;
  -- The services never edit a published version's content; a writer that does still counts right.
  CREATE TRIGGER dash_versions_update AFTER UPDATE OF content ON entry_versions
  WHEN (SELECT published = 1 AND published_version = NEW.version FROM directory_entries WHERE id = NEW.entry_id) BEGIN
    ${directoryDelta(-1, ENTRY_REGION, '(SELECT OLD.content AS content) x')}
    ${directoryDelta(1, ENTRY_REGION, '(SELECT NEW.content AS content) x')}
  END;

  CREATE TRIGGER dash_departments_insert AFTER INSERT ON departments BEGIN
    ${departmentDelta(1, 'NEW')}
  END;
  CREATE TRIGGER dash_departments_update AFTER UPDATE OF published, region_code ON departments
  WHEN (OLD.published > 0) <> (NEW.published > 0) OR OLD.region_code <> NEW.region_code BEGIN
    ${departmentDelta(-1, 'OLD')}
    ${departmentDelta(1, 'NEW')}
  END;

  CREATE TRIGGER dash_request_filed AFTER INSERT ON sharing_events WHEN NEW.subject = 'request' AND NEW.kind = 'filed' BEGIN
    INSERT INTO dash_request_due (region_code, due_day, unanswered)
      SELECT ancestor_code, json_extract(NEW.data, '$.due'), 1 FROM region_ancestors WHERE region_code = ${PROVIDER} AND json_extract(NEW.data, '$.due') IS NOT NULL
      ON CONFLICT DO UPDATE SET unanswered = unanswered + 1;
  END;
  -- Only the first answer counts (a request is answered once; a second would be a writer's error).
  CREATE TRIGGER dash_request_answered AFTER INSERT ON sharing_events
  WHEN NEW.subject = 'request' AND NEW.kind IN ('approve', 'refuse') AND NOT ${ANSWERED_BEFORE} BEGIN
    INSERT INTO dash_request_due (region_code, due_day, on_time, late, unanswered)
      SELECT ancestor_code, ${REQUEST_DUE}, ${EVENT_DAY} <= ${REQUEST_DUE}, ${EVENT_DAY} > ${REQUEST_DUE}, -1
      FROM region_ancestors WHERE region_code = ${PROVIDER} AND ${REQUEST_DUE} IS NOT NULL
      ON CONFLICT DO UPDATE SET on_time = on_time + excluded.on_time, late = late + excluded.late, unanswered = unanswered + excluded.unanswered;
    INSERT INTO dash_request_answers (region_code, day, approved, refused)
      SELECT ancestor_code, ${EVENT_DAY}, NEW.kind = 'approve', NEW.kind = 'refuse' FROM region_ancestors WHERE region_code = ${PROVIDER}
      ON CONFLICT DO UPDATE SET approved = approved + excluded.approved, refused = refused + excluded.refused;
  END;
  -- Withdrawn before any answer was owed: nothing was late. Withdrawn after the due day unanswered: late.
  CREATE TRIGGER dash_request_withdrawn AFTER INSERT ON sharing_events
  WHEN NEW.subject = 'request' AND NEW.kind = 'withdraw' AND NOT ${ANSWERED_BEFORE} AND ${EVENT_DAY} <= ${REQUEST_DUE} BEGIN
    UPDATE dash_request_due SET unanswered = unanswered - 1
      WHERE due_day = ${REQUEST_DUE} AND region_code IN (SELECT ancestor_code FROM region_ancestors WHERE region_code = ${PROVIDER});
  END;

  CREATE TRIGGER dash_cases_insert AFTER INSERT ON cases WHEN NEW.decide_due IS NOT NULL BEGIN
    ${caseDelta(1, 'NEW')}
  END;
  CREATE TRIGGER dash_cases_update AFTER UPDATE OF decide_due, decided_at, handling_region ON cases
  WHEN OLD.decide_due IS NOT NEW.decide_due OR OLD.decided_at IS NOT NEW.decided_at OR OLD.handling_region IS NOT NEW.handling_region BEGIN
    ${caseDelta(-1, 'OLD')}
    ${caseDelta(1, 'NEW')}
  END;
  -- Daily buckets are inserted, then updated as samples arrive (the recorder upserts), pruned
  -- after retention, and removed with their platform: whichever of the two goes first.
  CREATE TRIGGER dash_buckets_insert AFTER INSERT ON platform_buckets WHEN NEW.span = 'd' BEGIN
    ${platformDayDelta('NEW.up_s', 'NEW.down_s', 'NEW.maint_s', 'NEW')}
  END;
  CREATE TRIGGER dash_buckets_update AFTER UPDATE OF up_s, down_s, maint_s ON platform_buckets WHEN NEW.span = 'd' BEGIN
    ${platformDayDelta('NEW.up_s - OLD.up_s', 'NEW.down_s - OLD.down_s', 'NEW.maint_s - OLD.maint_s', 'NEW')}
  END;
  CREATE TRIGGER dash_buckets_delete AFTER DELETE ON platform_buckets WHEN OLD.span = 'd' BEGIN
    ${platformDayDelta('-OLD.up_s', '-OLD.down_s', '-OLD.maint_s', 'OLD')}
  END;
  CREATE TRIGGER dash_platforms_moved AFTER UPDATE OF region_code ON platforms WHEN OLD.region_code <> NEW.region_code BEGIN
    ${platformMoved('OLD.region_code', -1)}
    ${platformMoved('NEW.region_code', 1)}
  END;
  CREATE TRIGGER dash_platforms_delete AFTER DELETE ON platforms BEGIN
    ${platformMoved('OLD.region_code', -1)}
  END;

  CREATE TRIGGER dash_case_rated AFTER INSERT ON sharing_events WHEN NEW.subject = 'case' AND NEW.kind = 'rate' BEGIN
    INSERT INTO dash_case_ratings (region_code, day, ratings, stars)
      SELECT ancestor_code, ${EVENT_DAY}, 1, json_extract(NEW.data, '$.stars') FROM region_ancestors
      WHERE region_code = (SELECT handling_region FROM cases WHERE id = NEW.subject_id) AND json_extract(NEW.data, '$.stars') IS NOT NULL
      ON CONFLICT DO UPDATE SET ratings = ratings + 1, stars = stars + excluded.stars;
  END;
`;

/**
 * Recomputes every summary from the raw tables with grouped statements: at this migration, and
 * whenever region_ancestors is rebuilt (a new region dataset moves regions between parents).
 */
export function rebuildDashboardSummaries(db: Db): void {
  db.exec(`
    DELETE FROM dash_directory;
    INSERT INTO dash_directory (region_code, update_cycle, fresh_day, published, complete, mounted)
      SELECT a.ancestor_code, f.update_cycle, f.fresh_day, count(*), sum(f.complete), sum(f.mounted)
      FROM (SELECT e.region_code, ${directoryFactsSql('x.content')} FROM directory_entries e JOIN entry_versions x ON x.entry_id = e.id AND x.version = e.published_version WHERE e.published = 1) f
      JOIN region_ancestors a ON a.region_code = f.region_code
      GROUP BY a.ancestor_code, f.update_cycle, f.fresh_day;

    DELETE FROM dash_departments;
    INSERT INTO dash_departments (region_code, departments, covered)
      SELECT a.ancestor_code, count(*), sum(d.published > 0) FROM departments d JOIN region_ancestors a ON a.region_code = d.region_code GROUP BY a.ancestor_code;

    DELETE FROM dash_request_due;
    DELETE FROM dash_request_answers;
    CREATE TEMP TABLE dash_request_facts AS
      SELECT r.provider_region AS region_code,
        (SELECT json_extract(data, '$.due') FROM sharing_events WHERE subject = 'request' AND subject_id = r.id AND kind = 'filed' ORDER BY id LIMIT 1) AS due_day,
        (SELECT kind FROM sharing_events WHERE subject = 'request' AND subject_id = r.id AND kind IN ('approve', 'refuse') ORDER BY id LIMIT 1) AS answer,
        (SELECT date(at, '+8 hours') FROM sharing_events WHERE subject = 'request' AND subject_id = r.id AND kind IN ('approve', 'refuse') ORDER BY id LIMIT 1) AS answer_day,
        (SELECT date(at, '+8 hours') FROM sharing_events WHERE subject = 'request' AND subject_id = r.id AND kind = 'withdraw' ORDER BY id LIMIT 1) AS withdraw_day
      FROM sharing_requests r;
    INSERT INTO dash_request_due (region_code, due_day, on_time, late, unanswered)
      SELECT a.ancestor_code, f.due_day, sum(f.answer IS NOT NULL AND f.answer_day <= f.due_day), sum(f.answer IS NOT NULL AND f.answer_day > f.due_day), sum(f.answer IS NULL)
      FROM dash_request_facts f JOIN region_ancestors a ON a.region_code = f.region_code
      WHERE f.due_day IS NOT NULL AND NOT (f.answer IS NULL AND f.withdraw_day IS NOT NULL AND f.withdraw_day <= f.due_day)
      GROUP BY a.ancestor_code, f.due_day;
    INSERT INTO dash_request_answers (region_code, day, approved, refused)
      SELECT a.ancestor_code, f.answer_day, sum(f.answer = 'approve'), sum(f.answer = 'refuse')
      FROM dash_request_facts f JOIN region_ancestors a ON a.region_code = f.region_code WHERE f.answer IS NOT NULL
      GROUP BY a.ancestor_code, f.answer_day;
    DROP TABLE temp.dash_request_facts;

    DELETE FROM dash_case_due;
    INSERT INTO dash_case_due (region_code, due_day, on_time, late, undecided)
      SELECT a.ancestor_code, c.decide_due, sum(c.decided_at IS NOT NULL AND date(c.decided_at, '+8 hours') <= c.decide_due),
        sum(c.decided_at IS NOT NULL AND date(c.decided_at, '+8 hours') > c.decide_due), sum(c.decided_at IS NULL)
      FROM cases c JOIN region_ancestors a ON a.region_code = c.handling_region WHERE c.decide_due IS NOT NULL
      GROUP BY a.ancestor_code, c.decide_due;

    DELETE FROM dash_case_ratings;
    INSERT INTO dash_case_ratings (region_code, day, ratings, stars)
      SELECT a.ancestor_code, date(ev.at, '+8 hours'), count(*), sum(json_extract(ev.data, '$.stars'))
      FROM sharing_events ev JOIN cases c ON c.id = ev.subject_id JOIN region_ancestors a ON a.region_code = c.handling_region
      WHERE ev.subject = 'case' AND ev.kind = 'rate' AND json_extract(ev.data, '$.stars') IS NOT NULL
      GROUP BY a.ancestor_code, date(ev.at, '+8 hours');

    DELETE FROM dash_platform_days;
    INSERT INTO dash_platform_days (region_code, start, up_s, down_s, maint_s)
      SELECT a.ancestor_code, b.start, sum(b.up_s), sum(b.down_s), sum(b.maint_s)
      FROM platform_buckets b JOIN platforms p ON p.id = b.platform_id JOIN region_ancestors a ON a.region_code = p.region_code
      WHERE b.span = 'd' GROUP BY a.ancestor_code, b.start;
  `);
}
