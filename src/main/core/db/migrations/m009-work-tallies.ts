import type { Migration } from './index';

/**
 * The workbench's counts (#5) per scope, kind and due day, kept by triggers as work items open,
 * close and move: the queue's tallies (by kind, overdue, due soon) read a few hundred rows instead
 * of counting every open item in a national or provincial scope on each page. The national scope
 * ('000000', which has no work_scopes rows) follows work_items itself.
 */
export const m009WorkTallies: Migration = {
  version: 9,
  name: 'workbench tallies',
  up(db) {
    db.exec(`
      CREATE TABLE work_tallies (
        scope TEXT NOT NULL,
        kind TEXT NOT NULL,
        due_sort TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (scope, kind, due_sort)
      ) STRICT, WITHOUT ROWID;

      CREATE TRIGGER work_tallies_scope_in AFTER INSERT ON work_scopes WHEN NEW.open = 1 BEGIN
        ${add('NEW.scope', 'NEW', 1)}
      END;
      CREATE TRIGGER work_tallies_scope_out AFTER DELETE ON work_scopes WHEN OLD.open = 1 BEGIN
        ${add('OLD.scope', 'OLD', -1)}
      END;
      CREATE TRIGGER work_tallies_scope_moved AFTER UPDATE ON work_scopes BEGIN
        ${add('OLD.scope', 'OLD', -1, 'OLD.open = 1')}
        ${add('NEW.scope', 'NEW', 1, 'NEW.open = 1')}
      END;
      CREATE TRIGGER work_tallies_item_in AFTER INSERT ON work_items WHEN NEW.open = 1 BEGIN
        ${add("'000000'", 'NEW', 1)}
      END;
      CREATE TRIGGER work_tallies_item_out AFTER DELETE ON work_items WHEN OLD.open = 1 BEGIN
        ${add("'000000'", 'OLD', -1)}
      END;
      CREATE TRIGGER work_tallies_item_moved AFTER UPDATE OF open, kind, due_sort ON work_items BEGIN
        ${add("'000000'", 'OLD', -1, 'OLD.open = 1')}
        ${add("'000000'", 'NEW', 1, 'NEW.open = 1')}
      END;

      INSERT INTO work_tallies (scope, kind, due_sort, n)
        SELECT scope, kind, due_sort, count(*) FROM work_scopes WHERE open = 1 GROUP BY scope, kind, due_sort;
      INSERT INTO work_tallies (scope, kind, due_sort, n)
        SELECT '000000', kind, due_sort, count(*) FROM work_items WHERE open = 1 GROUP BY kind, due_sort;
    `);
  },
};

function add(scope: string, row: 'OLD' | 'NEW', n: 1 | -1, when = '1'): string {
  return `INSERT INTO work_tallies (scope, kind, due_sort, n) SELECT ${scope}, ${row}.kind, ${row}.due_sort, ${n} WHERE ${when}
    ON CONFLICT DO UPDATE SET n = n + excluded.n;`;
}
