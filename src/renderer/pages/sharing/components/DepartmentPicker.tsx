import { Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import type { Department } from '../../../../shared/directory-query';
import { call } from '../../../api/client';
import { RegionTreeSelect } from '../../../components/RegionTreeSelect';
import { useT } from '../../../hooks';
import { useConsole } from '../../../store';

/** The departments registered in one region (exactly that region, as the directory keeps them). */
export function useDepartments(region: string | undefined): Department[] {
  const [departments, setDepartments] = useState<Department[]>([]);
  useEffect(() => {
    if (!region) return setDepartments([]);
    let live = true;
    call('directory.departments', { region }).then(
      (list) => live && setDepartments(list),
      () => live && setDepartments([]),
    );
    return () => {
      live = false;
    };
  }, [region]);
  return departments;
}

export interface DepartmentPickerProps {
  value?: number | null;
  onChange?: (id: number | undefined) => void;
  /** Where the region picker starts; the signed-in user's scope when absent. */
  region?: string;
  /** Accessible name of the department box (the form item's label). */
  label: string;
  id?: string;
  /** A filter, not a form: never choose the user's own department by itself. */
  noDefault?: boolean;
}

/**
 * A region, then one of its departments. Starts at the user's own region and, when the user has a
 * department of their own there and nothing is chosen yet, picks it: officials act for it nearly always.
 */
export function DepartmentPicker({ value, onChange, region: startRegion, label, id, noDefault }: DepartmentPickerProps) {
  const t = useT();
  const user = useConsole((s) => s.user)!;
  const [region, setRegion] = useState<string | undefined>(startRegion ?? user.regionScope);
  const departments = useDepartments(region);
  useEffect(() => {
    if (noDefault) return;
    if ((value === undefined || value === null) && user.departmentId && departments.some((d) => d.id === user.departmentId)) onChange?.(user.departmentId);
  }, [departments, value, user.departmentId, onChange, noDefault]);
  return (
    <Space.Compact style={{ width: '100%' }}>
      <RegionTreeSelect
        value={region}
        onChange={(code) => {
          setRegion(code);
          onChange?.(undefined);
        }}
        style={{ width: '50%', minWidth: 0 }}
      />
      <Select
        id={id}
        aria-label={label}
        style={{ width: '50%' }}
        showSearch
        allowClear
        optionFilterProp="label"
        placeholder={noDefault ? label : t('sh.department.pick')}
        value={value ?? undefined}
        onChange={(v?: number) => onChange?.(v)}
        notFoundContent={t('sh.department.none')}
        options={departments.map((d) => ({ value: d.id, label: d.id === user.departmentId ? `${d.name}${t('sh.department.mine')}` : d.name }))}
      />
    </Space.Compact>
  );
}
