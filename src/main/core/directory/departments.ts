import { creditCodeProblem } from '../../../shared/credit-code';
import type { Department } from '../../../shared/directory-query';
import { DomainError } from '../../../shared/errors';
import type { Db } from '../db/connection';

export interface NewDepartment {
  regionCode: string;
  name: string;
  creditCode: string;
  parentId: number | null;
  contact: string;
}

const COLUMNS = 'id, region_code AS regionCode, name, credit_code AS creditCode, parent_id AS parentId, contact';

/** Departments (providers) per region, identified by their unified social credit code. */
export class DepartmentRegistry {
  constructor(private readonly db: Db) {}

  inRegion(regionCode: string): Department[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM departments WHERE region_code = ? ORDER BY name`).all(regionCode) as Department[];
  }

  get(id: number): Department | undefined {
    return this.db.prepare(`SELECT ${COLUMNS} FROM departments WHERE id = ?`).get(id) as Department | undefined;
  }

  byCreditCode(code: string): Department | undefined {
    return this.db.prepare(`SELECT ${COLUMNS} FROM departments WHERE credit_code = ?`).get(code) as Department | undefined;
  }

  create(input: NewDepartment, at: string): Department {
    const problem = creditCodeProblem(input.creditCode);
    if (problem) throw new DomainError('INVALID_INPUT', `not a valid unified social credit code (${problem})`, { issues: [{ path: 'creditCode', message: `credit-code-${problem}` }] });
    if (input.parentId !== null) {
      const parent = this.get(input.parentId);
      if (!parent) throw new DomainError('INVALID_INPUT', 'no such parent department', { issues: [{ path: 'parentId', message: 'not-found' }] });
    }
    if (this.byCreditCode(input.creditCode)) throw new DomainError('CONFLICT', 'a department with this credit code exists', { issues: [{ path: 'creditCode', message: 'duplicate' }] });
    if (this.db.prepare('SELECT 1 FROM departments WHERE region_code = ? AND name = ?').get(input.regionCode, input.name)) {
      throw new DomainError('CONFLICT', 'this region already has a department of that name', { issues: [{ path: 'name', message: 'duplicate' }] });
    }
    const id = Number(
      this.db
        .prepare('INSERT INTO departments (region_code, name, credit_code, parent_id, contact, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(input.regionCode, input.name, input.creditCode, input.parentId, input.contact, at).lastInsertRowid,
    );
    return this.get(id)!;
  }
}
