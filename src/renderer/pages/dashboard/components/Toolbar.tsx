import { FileExcelOutlined, FilePdfOutlined, SettingOutlined } from '@ant-design/icons';
import { App, Breadcrumb, Button, Card, Flex, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import type { RegionRef } from '../../../../shared/dashboard';
import type { Period } from '../../../../shared/indicators';
import { REGION_LEVELS, type RegionLevel } from '../../../../shared/regions';
import { call, saveExport } from '../../../api/client';
import { errorText, useT } from '../../../hooks';
import { localTime } from '../../directory/time';
import { label } from '../labels';
import { PeriodPicker } from './PeriodPicker';

interface Props {
  region: RegionRef | null;
  path: RegionRef[];
  period: Period;
  level: RegionLevel | null;
  generatedAt: string | null;
  onRegion: (code: string) => void;
  onPeriod: (period: Period) => void;
  onLevel: (level: RegionLevel | null) => void;
  /** Administrators only: opens the thresholds editor. */
  onThresholds?: () => void;
}

/** Where (breadcrumbs), when (period), what to rank, and the report of exactly this view. */
export function Toolbar({ region, path, period, level, generatedAt, onRegion, onPeriod, onLevel, onThresholds }: Props) {
  const t = useT();
  const { message } = App.useApp();
  const [exporting, setExporting] = useState<'pdf' | 'xlsx' | null>(null);
  // Only the levels below the region can be ranked; the core ranks the next one when none is chosen.
  const below = region ? REGION_LEVELS.slice(REGION_LEVELS.indexOf(region.level) + 1) : [];

  const exportReport = async (format: 'pdf' | 'xlsx') => {
    if (!region) return;
    setExporting(format);
    try {
      const result = await call('dashboard.report', { region: region.code, period, format, level });
      saveExport(result.file);
      void message.success(t('dash.export.done'));
    } catch (e) {
      void message.error(errorText(t, e));
    } finally {
      setExporting(null);
    }
  };

  return (
    <Card size="small">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Breadcrumb
          aria-label={t('dash.breadcrumbs')}
          data-testid="dash-breadcrumbs"
          items={path.map((r, i) =>
            i === path.length - 1
              ? { key: r.code, title: <Typography.Text strong>{r.name}</Typography.Text> }
              : { key: r.code, title: <a href={`#/dashboards?region=${r.code}`} onClick={(e) => (e.preventDefault(), onRegion(r.code))}>{r.name}</a> },
          )}
        />
        <Space wrap size={8} className="dash-controls">
          <PeriodPicker value={period} onChange={onPeriod} />
          {below.length > 0 && (
            <Select<RegionLevel>
              size="small"
              style={{ width: 110 }}
              value={level ?? below[0]}
              onChange={(l) => onLevel(l === below[0] ? null : l)}
              options={below.map((l) => ({ value: l, label: label.level(t, l) }))}
              aria-label={t('dash.level.label')}
            />
          )}
          <Button size="small" icon={<FilePdfOutlined />} loading={exporting === 'pdf'} disabled={!region} onClick={() => void exportReport('pdf')}>
            {t('dash.export.pdf')}
          </Button>
          <Button size="small" icon={<FileExcelOutlined />} loading={exporting === 'xlsx'} disabled={!region} onClick={() => void exportReport('xlsx')}>
            {t('dash.export.xlsx')}
          </Button>
          {onThresholds && <Button size="small" icon={<SettingOutlined />} onClick={onThresholds} aria-label={t('dash.thresholds')} />}
          {generatedAt && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('dash.generatedAt', { time: localTime(generatedAt).slice(0, 16) })}</Typography.Text>}
        </Space>
      </Flex>
    </Card>
  );
}
