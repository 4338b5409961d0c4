import { Card, Flex } from 'antd';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { call } from '../../api/client';
import { useLatest, useT } from '../../hooks';
import { useConsole } from '../../store';
import { DirectoryTree } from './components/DirectoryTree';
import { SearchPanel } from './components/SearchPanel';

/** The directory of the user's scope: the tree with counts on the left, search on the right. */
export function BrowsePage() {
  const t = useT();
  const user = useConsole((s) => s.user)!;
  const [params, setParams] = useSearchParams();
  const region = params.get('region') ?? user.regionScope;
  const [names, setNames] = useState<{ region: string; department?: string }>({ region: '' });
  const [changes, setChanges] = useState(0);

  const latest = useLatest();
  useEffect(() => {
    latest(call('regions.get', { code: region })).then((r) => setNames((n) => ({ ...n, region: r.name })), () => undefined);
  }, [region, latest]);

  return (
    <Flex gap={16} align="flex-start">
      <Card title={t('dir.tree.title')} size="small" style={{ width: 280, flexShrink: 0 }}>
        <DirectoryTree
          rootCode={user.regionScope}
          version={changes}
          onSelect={(s) => {
            const next = new URLSearchParams(params);
            next.delete('page');
            next.set('region', s.region);
            if (s.departmentId) next.set('department', String(s.departmentId));
            else next.delete('department');
            setNames({ region: s.regionName || names.region, department: s.departmentName });
            setParams(next);
          }}
        />
      </Card>
      <Card size="small" style={{ flex: 1, minWidth: 0 }}>
        <SearchPanel scopeName={names.region} departmentName={params.get('department') ? names.department : undefined} onImported={() => setChanges((n) => n + 1)} />
      </Card>
    </Flex>
  );
}
