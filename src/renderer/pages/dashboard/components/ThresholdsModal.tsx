import { Alert, App, InputNumber, Modal, Skeleton, Table } from 'antd';
import { useEffect, useState } from 'react';
import { INDICATORS, type IndicatorId } from '../../../../shared/indicators';
import { call } from '../../../api/client';
import { errorText, useT } from '../../../hooks';
import { useConsole } from '../../../store';
import { indicatorName } from '../labels';

type Thresholds = Record<IndicatorId, { green: number; amber: number }>;

/** Percent in the form, shares (0..1) in the core; rounding keeps 99.5 from becoming 99.49999. */
const toShare = (pct: number) => Math.round(pct * 100) / 10_000;
const toPercent = (share: number) => Math.round(share * 10_000) / 100;

/** Administrators set the green and amber lines of every indicator; the defaults fill the rest. */
export function ThresholdsModal({ onClose, onSaved }: { onClose: () => void; onSaved: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const locale = useConsole((s) => s.locale);
  const [values, setValues] = useState<Thresholds | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    call('dashboard.thresholds', {}).then(
      (stored) => setValues(Object.fromEntries(INDICATORS.filter((d) => d.available).map((d) => [d.id, stored[d.id] ?? d.thresholds])) as Thresholds),
      (e: unknown) => setError(errorText(t, e)),
    );
  }, [t]);

  const invalid = values ? Object.values(values).some((v) => v.amber > v.green) : false;
  const set = (id: IndicatorId, which: 'green' | 'amber', pct: number | null) =>
    values && pct !== null && setValues({ ...values, [id]: { ...values[id], [which]: toShare(pct) } });

  const save = async () => {
    if (!values) return;
    setBusy(true);
    try {
      await call('dashboard.setThresholds', { thresholds: values });
      void message.success(t('dash.thresholds.saved'));
      onSaved();
      onClose();
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open title={t('dash.thresholds.title')} onCancel={onClose} onOk={() => void save()} okButtonProps={{ disabled: !values || invalid, loading: busy }} width={560} data-testid="thresholds-modal">
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 8 }} />}
      {invalid && <Alert type="warning" showIcon message={t('dash.thresholds.invalid')} style={{ marginBottom: 8 }} />}
      {!values ? (
        !error && <Skeleton active />
      ) : (
        <Table
          size="small"
          pagination={false}
          rowKey="id"
          dataSource={Object.entries(values).map(([id, v]) => ({ id: id as IndicatorId, ...v }))}
          columns={[
            { key: 'name', title: '', render: (_, r) => indicatorName(locale, r.id) },
            ...(['green', 'amber'] as const).map((which) => ({
              key: which,
              title: t(`dash.thresholds.${which}`),
              width: 120,
              render: (_: unknown, r: { id: IndicatorId; green: number; amber: number }) => (
                <InputNumber size="small" min={0} max={100} step={0.5} suffix="%" value={toPercent(r[which])} onChange={(v) => set(r.id, which, v)} aria-label={`${indicatorName(locale, r.id)} ${t(`dash.thresholds.${which}`)}`} />
              ),
            })),
          ]}
        />
      )}
    </Modal>
  );
}
