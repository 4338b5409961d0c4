/**
 * Writes a generated sample directory into the database (`dac generate`, demos, benchmarks):
 * streamed, a few thousand entries per transaction, so a million entries never sit in memory and
 * an interrupted run leaves whole batches. A second run adds to what is there: departments are
 * matched by region and name, resource codes continue after the highest sequence in use.
 */
import type { Db } from '../db/connection';
import { resourceCode } from '../../../shared/directory';
import { agencyCreditCodeOf, streamDirectory, type SampleDepartment, type SampleEntry, type SampleRegion } from './generator';
import { EntryStore } from './store';

export interface LoadProgress {
  entries: number;
  departments: number;
}

const BATCH = 2000;

export function loadSampleDirectory(db: Db, count: number, seed: number, at: string, onProgress: (p: LoadProgress) => void = () => {}): LoadProgress {
  const regions = db.prepare('SELECT code, name, level FROM regions WHERE valid_to IS NULL ORDER BY code').all() as SampleRegion[];
  const store = new EntryStore(db);
  const offsets = new Map(
    (db.prepare("SELECT substr(resource_code, 1, instr(resource_code, '/') - 1) AS c, max(CAST(substr(resource_code, instr(resource_code, '/') + 1) AS INTEGER)) AS n FROM directory_entries GROUP BY c").all() as Array<{ c: string; n: number }>).map((r) => [r.c, r.n]),
  );
  const findDepartment = db.prepare('SELECT id FROM departments WHERE region_code = ? AND name = ?').pluck();
  const codeTaken = db.prepare('SELECT 1 FROM departments WHERE credit_code = ?');
  const insertDepartment = db.prepare('INSERT INTO departments (region_code, name, credit_code, parent_id, contact, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  const ids = new Map<string, { id: number; name: string }>();
  const pendingDepartments: SampleDepartment[] = [];
  const pendingEntries: SampleEntry[] = [];
  const done: LoadProgress = { entries: 0, departments: 0 };

  // eslint-disable-next-line no-restricted-syntax -- run with flush.immediate() below
  const flush = db.transaction(() => {
    for (const d of pendingDepartments) {
      let id = findDepartment.get(d.regionCode, d.name) as number | undefined;
      if (id === undefined) {
        const parent = d.parentKey ? ids.get(d.parentKey)!.id : null;
        // A run with another seed may draw a code already in use: take the next free one.
        let creditCode = d.creditCode;
        for (let n = 1; codeTaken.get(creditCode); n++) creditCode = agencyCreditCodeOf(d.regionCode, Number(d.creditCode.slice(8, 16)) + n);
        id = Number(insertDepartment.run(d.regionCode, d.name, creditCode, parent, `${d.name}数据管理科`, at).lastInsertRowid);
        done.departments++;
      }
      ids.set(d.key, { id, name: d.name });
    }
    store.bulk(() => {
      for (const e of pendingEntries) {
        const department = ids.get(e.departmentKey)!;
        const [classification, sequence] = e.resourceCode.split('/') as [string, string];
        const code = resourceCode(classification, (offsets.get(classification) ?? 0) + Number(sequence));
        store.insert({ resourceCode: code, regionCode: e.regionCode, departmentId: department.id, providerName: department.name, status: e.status, content: { ...e.content, departmentId: department.id }, at });
      }
    });
    done.entries += pendingEntries.length;
    pendingDepartments.length = 0;
    pendingEntries.length = 0;
  });

  streamDirectory(regions, count, seed, {
    department: (d) => pendingDepartments.push(d),
    entry: (e) => {
      pendingEntries.push(e);
      if (pendingEntries.length >= BATCH) {
        flush.immediate();
        onProgress({ ...done });
      }
    },
  });
  flush.immediate();
  onProgress({ ...done });
  db.exec('PRAGMA optimize');
  return done;
}
