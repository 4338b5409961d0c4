import { TreeSelect, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { Region, RegionWithPath } from '../../shared/contract';
import { NATIONAL_REGION_CODE } from '../../shared/regions';
import { call } from '../api/client';
import { useLatest, useT } from '../hooks';

interface Node {
  id: string;
  pId: string | null;
  value: string;
  title: ReactNode;
  /** Shown in the box once chosen: the full path, so 朝阳区 of 北京 and of 长春 differ. */
  label: string;
  isLeaf: boolean;
}

const nodeOf = (r: Region, pathLabel: string): Node => ({
  id: r.code,
  pId: r.parentCode,
  value: r.code,
  title: (
    <span>
      {r.name} <Typography.Text type="secondary">{r.code}</Typography.Text>
    </span>
  ),
  label: pathLabel,
  isLeaf: !r.hasChildren,
});

const pathLabel = (r: RegionWithPath) => [...r.path.filter((p) => p.code !== NATIONAL_REGION_CODE).map((p) => p.name), r.name].join(' / ');

export interface RegionTreeSelectProps {
  value?: string;
  onChange?: (code: string | undefined, region: RegionWithPath | undefined) => void;
  style?: React.CSSProperties;
  id?: string;
}

/**
 * Picks a region from the GB/T 2260 tree: browse level by level (children load on expand) or type
 * a name or code to search the whole country on the core.
 */
export function RegionTreeSelect({ value, onChange, style, id }: RegionTreeSelectProps) {
  const t = useT();
  const [browse, setBrowse] = useState<Node[]>([]);
  const [results, setResults] = useState<Node[] | null>(null);
  const [searching, setSearching] = useState(false);
  const [selected, setSelected] = useState<{ value: string; label: string } | undefined>();
  const labels = useRef(new Map<string, string>());
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  // A quick second pick, value or search wins over a slower answer for the one before.
  const latestLabel = useLatest();
  const latestPick = useLatest();
  const latestSearch = useLatest();

  useEffect(() => {
    void call('regions.get', { code: NATIONAL_REGION_CODE }).then((root) => setBrowse([{ ...nodeOf(root, root.name), pId: null }]));
  }, []);

  useEffect(() => {
    // Every value goes through the stream, known or not: a slower lookup for an earlier one never lands after it.
    const known = value ? labels.current.get(value) : undefined;
    const label = value && !known ? call('regions.get', { code: value }).then(pathLabel) : Promise.resolve(known);
    void latestLabel(label).then((l) => setSelected(value && l ? { value, label: l } : undefined));
  }, [value, latestLabel]);

  const loadData = useCallback(async (node: { value?: unknown }) => {
    const parent = typeof node.value === 'string' ? node.value : undefined;
    if (!parent) return;
    const parentLabel = labels.current.get(parent);
    const children = await call('regions.children', { parent });
    setBrowse((nodes) => [
      ...nodes,
      ...children.map((c) => {
        const label = parentLabel && parent !== NATIONAL_REGION_CODE ? `${parentLabel} / ${c.name}` : c.name;
        labels.current.set(c.code, label);
        return nodeOf(c, label);
      }),
    ]);
  }, []);

  const onSearch = (text: string) => {
    clearTimeout(timer.current);
    const query = text.trim();
    if (!query) return setResults(null);
    setSearching(true);
    timer.current = setTimeout(() => {
      void latestSearch(call('regions.search', { query, limit: 50 })).then((found) => {
        setSearching(false);
        setResults(
          found.map((r) => {
            labels.current.set(r.code, pathLabel(r));
            return { ...nodeOf(r, pathLabel(r)), pId: null, isLeaf: true, title: <SearchHit region={r} /> };
          }),
        );
      });
    }, 200);
  };

  return (
    <TreeSelect
      id={id}
      data-testid="region-tree-select"
      style={{ minWidth: 320, ...style }}
      showSearch
      allowClear
      labelInValue
      treeDataSimpleMode
      treeData={results ?? browse}
      treeNodeLabelProp="label"
      loadData={results ? undefined : loadData}
      filterTreeNode={false}
      onSearch={onSearch}
      placeholder={t('region.placeholder')}
      notFoundContent={searching ? t('region.searching') : t('region.noMatch')}
      value={selected}
      onChange={(next?: { value: string; label: ReactNode }) => {
        setResults(null);
        if (!next) {
          void latestPick(Promise.resolve(null)); // a pick still loading must not undo the clearing
          return onChange?.(undefined, undefined);
        }
        void latestPick(call('regions.get', { code: next.value })).then((r) => {
          setSelected({ value: r.code, label: pathLabel(r) });
          onChange?.(r.code, r);
        });
      }}
      popupMatchSelectWidth={false}
      listHeight={360}
      virtual
    />
  );
}

function SearchHit({ region }: { region: RegionWithPath }) {
  const parents = region.path.filter((p) => p.code !== NATIONAL_REGION_CODE).map((p) => p.name);
  return (
    <span>
      {region.name} <Typography.Text type="secondary">{region.code}</Typography.Text>
      {parents.length > 0 && <Typography.Text type="secondary"> · {parents.join(' / ')}</Typography.Text>}
    </span>
  );
}
