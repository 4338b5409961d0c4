import { Checkbox, Flex, Select } from 'antd';
import type { ReviewerChoice } from '../../../../../shared/contract';
import { CASE_STAGES, REQUEST_STATUSES, WORK_KINDS, type QueueFilter } from '../../../../../shared/sharing';
import { RegionTreeSelect } from '../../../../components/RegionTreeSelect';
import { useT } from '../../../../hooks';
import { DepartmentPicker } from '../../components/DepartmentPicker';
import { label } from '../../labels';

export type Filter = Omit<QueueFilter, 'mine'> & { mine: boolean };

/** The queue's filters; every change goes back to the first page. */
export function QueueFilters({ filter, reviewers, onChange }: { filter: Filter; reviewers: ReviewerChoice[]; onChange(next: Filter): void }) {
  const t = useT();
  const set = (patch: Partial<Filter>) => onChange({ ...filter, ...patch });
  const stages =
    filter.kind === 'request'
      ? [{ label: t('sh.wb.stage.requests'), options: REQUEST_STATUSES.map((s) => ({ value: s, label: label.status(t, s) })) }]
      : filter.kind
        ? [{ label: t('sh.wb.stage.cases'), options: CASE_STAGES.map((s) => ({ value: s, label: label.stage(t, s) })) }]
        : [
            { label: t('sh.wb.stage.requests'), options: REQUEST_STATUSES.map((s) => ({ value: s, label: label.status(t, s) })) },
            { label: t('sh.wb.stage.cases'), options: CASE_STAGES.map((s) => ({ value: s, label: label.stage(t, s) })) },
          ];
  return (
    <Flex wrap gap={8} align="center">
      <Select
        allowClear
        placeholder={t('sh.wb.filter.kind')}
        aria-label={t('sh.wb.filter.kind')}
        style={{ width: 130 }}
        value={filter.kind}
        options={WORK_KINDS.map((k) => ({ value: k, label: label.kind(t, k) }))}
        onChange={(kind?: Filter['kind']) => set({ kind, stage: undefined })}
      />
      <Select allowClear placeholder={t('sh.wb.filter.stage')} aria-label={t('sh.wb.filter.stage')} style={{ width: 140 }} value={filter.stage} options={stages} onChange={(stage?: string) => set({ stage })} />
      <RegionTreeSelect value={filter.region} onChange={(region) => set({ region })} style={{ width: 240, minWidth: 0 }} />
      <Select
        allowClear
        placeholder={t('sh.wb.filter.assignee')}
        aria-label={t('sh.wb.filter.assignee')}
        title={t('sh.wb.filter.assigneeHelp')}
        style={{ width: 130 }}
        value={filter.assigneeId}
        disabled={filter.mine}
        options={reviewers.map((r) => ({ value: r.id, label: r.displayName }))}
        onChange={(assigneeId?: number) => set({ assigneeId })}
      />
      <Select
        allowClear
        placeholder={t('sh.wb.filter.due')}
        aria-label={t('sh.wb.filter.due')}
        style={{ width: 110 }}
        value={filter.due}
        options={[
          { value: 'overdue', label: t('sh.wb.due.overdue') },
          { value: 'soon', label: t('sh.wb.due.soon') },
        ]}
        onChange={(due?: Filter['due']) => set({ due })}
      />
      <div style={{ width: 360 }}>
        <DepartmentPicker label={t('sh.wb.filter.department')} value={filter.departmentId} onChange={(departmentId) => filter.departmentId !== departmentId && set({ departmentId })} noDefault />
      </div>
      <Checkbox checked={filter.mine} onChange={(e) => set({ mine: e.target.checked, assigneeId: undefined })}>
        {t('sh.wb.mine')}
      </Checkbox>
    </Flex>
  );
}
