import type { Migration } from './index';

/**
 * Sharing requests, the demand list, objections and disputes (#5). Each request and case has its
 * own timeline; `work_items` holds one row per open or closed request and case with what the
 * reviewer's queue filters and sorts on (kept by the services in the same transaction), so the
 * queue and the overdue scan are one indexed query whatever the volume. Users may belong to a
 * department: the conflict-of-interest rule needs it. Notifications may name one recipient.
 */
export const m007Sharing: Migration = {
  version: 7,
  name: 'sharing requests, demands, objections and disputes',
  up(db) {
    db.exec(`
      ALTER TABLE users ADD COLUMN department_id INTEGER REFERENCES departments(id);
      CREATE INDEX users_by_department ON users(department_id);
      ALTER TABLE notifications ADD COLUMN recipient_id INTEGER;
      CREATE INDEX notifications_by_recipient ON notifications(recipient_id, id) WHERE recipient_id IS NOT NULL;

      CREATE TABLE deadline_policies (
        region_code TEXT PRIMARY KEY REFERENCES regions(code),
        policy TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE sharing_requests (
        id INTEGER PRIMARY KEY,
        entry_id INTEGER NOT NULL REFERENCES directory_entries(id),
        -- The entry's sharing attribute when the request was filed: it sets the deadline.
        sharing TEXT NOT NULL,
        requester_department_id INTEGER NOT NULL REFERENCES departments(id),
        requester_region TEXT NOT NULL,
        provider_department_id INTEGER NOT NULL REFERENCES departments(id),
        provider_region TEXT NOT NULL,
        filed_by INTEGER,
        items TEXT NOT NULL,
        purpose TEXT NOT NULL,
        duty_basis TEXT NOT NULL,
        scope_of_use TEXT NOT NULL,
        duration_months INTEGER NOT NULL,
        method TEXT NOT NULL,
        justification TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL,
        conditions TEXT NOT NULL DEFAULT '',
        refusal_reason TEXT,
        refusal_explanation TEXT NOT NULL DEFAULT '',
        filed_at TEXT NOT NULL,
        revision INTEGER NOT NULL DEFAULT 1
      ) STRICT;
      CREATE INDEX requests_by_entry ON sharing_requests(entry_id);
      CREATE INDEX requests_by_requester ON sharing_requests(requester_region, id);
      CREATE INDEX requests_by_provider ON sharing_requests(provider_region, id);
      CREATE INDEX requests_by_requester_department ON sharing_requests(requester_department_id);
      CREATE INDEX requests_by_provider_department ON sharing_requests(provider_department_id);

      CREATE TABLE demands (
        id INTEGER PRIMARY KEY,
        requester_department_id INTEGER NOT NULL REFERENCES departments(id),
        requester_region TEXT NOT NULL,
        title TEXT NOT NULL,
        description TEXT NOT NULL,
        status TEXT NOT NULL,
        assigned_department_id INTEGER REFERENCES departments(id),
        assigned_region TEXT,
        entry_id INTEGER REFERENCES directory_entries(id),
        note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        created_by INTEGER
      ) STRICT;
      CREATE INDEX demands_by_requester ON demands(requester_region, id);
      CREATE INDEX demands_by_assignee ON demands(assigned_region, id);
      CREATE INDEX demands_by_requester_department ON demands(requester_department_id);
      CREATE INDEX demands_by_assigned_department ON demands(assigned_department_id);
      CREATE INDEX demands_by_entry ON demands(entry_id);

      CREATE TABLE cases (
        id INTEGER PRIMARY KEY,
        type TEXT NOT NULL,
        title TEXT NOT NULL,
        description TEXT NOT NULL,
        stage TEXT NOT NULL,
        tier TEXT NOT NULL DEFAULT 'authority',
        request_id INTEGER REFERENCES sharing_requests(id),
        entry_id INTEGER REFERENCES directory_entries(id),
        raiser_department_id INTEGER NOT NULL REFERENCES departments(id),
        raiser_region TEXT NOT NULL,
        raised_by INTEGER,
        respondent_department_id INTEGER NOT NULL REFERENCES departments(id),
        respondent_region TEXT NOT NULL,
        -- The lowest common ancestor of the parties' regions.
        handling_region TEXT NOT NULL,
        assignee_id INTEGER REFERENCES users(id),
        raised_at TEXT NOT NULL,
        accepted_at TEXT,
        -- Deadlines (YYYY-MM-DD, China) of the stages; decide_due moves while awaiting information.
        accept_due TEXT,
        verify_due TEXT,
        decide_due TEXT,
        provisional INTEGER NOT NULL DEFAULT 0,
        info_party TEXT,
        info_question TEXT,
        info_asked_at TEXT,
        decision TEXT,
        reasoning TEXT,
        legal_basis TEXT,
        decided_at TEXT,
        decided_by TEXT,
        remedy_action TEXT,
        remedy_department_id INTEGER REFERENCES departments(id),
        remedy_due TEXT,
        remedy_done_at TEXT,
        remedy_note TEXT NOT NULL DEFAULT '',
        rating INTEGER,
        rating_comment TEXT NOT NULL DEFAULT '',
        revision INTEGER NOT NULL DEFAULT 1
      ) STRICT;
      CREATE INDEX cases_by_handling ON cases(handling_region, id);
      CREATE INDEX cases_by_raiser ON cases(raiser_region, id);
      CREATE INDEX cases_by_respondent ON cases(respondent_region, id);
      CREATE INDEX cases_by_request ON cases(request_id);
      CREATE INDEX cases_by_entry ON cases(entry_id);
      CREATE INDEX cases_by_assignee ON cases(assignee_id);
      CREATE INDEX cases_by_raiser_department ON cases(raiser_department_id);
      CREATE INDEX cases_by_respondent_department ON cases(respondent_department_id);
      CREATE INDEX cases_by_remedy_department ON cases(remedy_department_id);

      -- Timelines of requests ('request') and cases ('case'): every step, comment and file.
      CREATE TABLE sharing_events (
        id INTEGER PRIMARY KEY,
        subject TEXT NOT NULL,
        subject_id INTEGER NOT NULL,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        user_id INTEGER,
        actor TEXT,
        body TEXT NOT NULL DEFAULT '',
        data TEXT
      ) STRICT;
      CREATE INDEX sharing_events_by_subject ON sharing_events(subject, subject_id, id);

      CREATE TABLE case_evidence (
        id INTEGER PRIMARY KEY,
        case_id INTEGER NOT NULL REFERENCES cases(id),
        sha256 TEXT NOT NULL,
        file_name TEXT NOT NULL,
        size INTEGER NOT NULL,
        mime TEXT NOT NULL,
        uploaded_by TEXT NOT NULL,
        uploaded_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX evidence_by_case ON case_evidence(case_id);

      -- The reviewer's queue: one row per request (kind 'request') and case (kind = case type).
      -- region: the provider's region for a request, the handling authority's for a case;
      -- other_region: the requester's / the raiser's; third_region: the respondent's.
      -- due_sort: the due date, or '9999-12-31' when the stage has none, so an index gives the order.
      CREATE TABLE work_items (
        kind TEXT NOT NULL,
        ref_id INTEGER NOT NULL,
        open INTEGER NOT NULL,
        stage TEXT NOT NULL,
        title TEXT NOT NULL,
        region TEXT NOT NULL,
        other_region TEXT NOT NULL,
        third_region TEXT NOT NULL,
        department_a INTEGER NOT NULL,
        department_b INTEGER NOT NULL,
        assignee_id INTEGER,
        due TEXT,
        due_sort TEXT NOT NULL,
        provisional INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (kind, ref_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX work_open_due ON work_items(open, due_sort);
      CREATE INDEX work_open_kind ON work_items(open, kind, due_sort, assignee_id);
      CREATE INDEX work_open_stage ON work_items(open, stage, due_sort);
      CREATE INDEX work_assignee ON work_items(assignee_id, open, due_sort);
      CREATE INDEX work_department_a ON work_items(department_a, open);
      CREATE INDEX work_department_b ON work_items(department_b, open);
      -- Every region below the national root from which an item is seen (each ancestor of any of its
      -- three regions): a province's or a county's queue is one index range in due order.
      CREATE TABLE work_scopes (
        scope TEXT NOT NULL,
        open INTEGER NOT NULL,
        due_sort TEXT NOT NULL,
        kind TEXT NOT NULL,
        ref_id INTEGER NOT NULL,
        PRIMARY KEY (scope, open, due_sort, kind, ref_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX work_scopes_by_item ON work_scopes(kind, ref_id);
    `);
  },
};
