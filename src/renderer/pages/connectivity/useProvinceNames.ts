import { useEffect, useState } from 'react';
import { NATIONAL_REGION_CODE } from '../../../shared/regions';
import { call } from '../../api/client';

let cached: Map<string, string> | null = null;

/** Province names for group headings: one `regions.children` call per session, not one per group. */
export function useProvinceNames(): (code: string) => string {
  const [names, setNames] = useState(cached);
  useEffect(() => {
    if (cached) return;
    call('regions.children', { parent: NATIONAL_REGION_CODE }).then((list) => {
      cached = new Map(list.map((r) => [r.code, r.name]));
      setNames(cached);
    }, () => undefined);
  }, []);
  return (code) => names?.get(code) ?? code;
}
