import { probeSettingsSchema, type PlatformRecord, type ProbeSettings } from '../../../../shared/connectivity';

type Scalar = string | number | boolean | null;

export interface FormValues {
  key: string;
  name: string;
  regionCode?: string;
  owner: string;
  contact: string;
  parentKey?: string;
  endpoints: { health: string; gateway: string; exchange: string };
  probe: Omit<ProbeSettings, 'expectedStatus' | 'assertion' | 'upstream'> & {
    expectedStatus: string[];
    assertionPath: string;
    assertionEquals: string;
    upstreamPath: string;
    upstreamEquals: string;
  };
}

/** The health document's values are JSON: true, false, null and numbers mean themselves, the rest is text. */
export function parseScalar(text: string): Scalar {
  const trimmed = text.trim();
  if (trimmed === 'true') return true;
  if (trimmed === 'false') return false;
  if (trimmed === 'null') return null;
  if (trimmed !== '' && Number.isFinite(Number(trimmed))) return Number(trimmed);
  return trimmed;
}
const showScalar = (v: Scalar) => (typeof v === 'string' ? v : JSON.stringify(v));

export function toValues(r: PlatformRecord): FormValues {
  const { expectedStatus, assertion, upstream, ...probe } = r.probe;
  return {
    key: r.key,
    name: r.name,
    regionCode: r.regionCode,
    owner: r.owner,
    contact: r.contact,
    parentKey: r.parentKey ?? undefined,
    endpoints: { ...r.endpoints },
    probe: {
      ...probe,
      expectedStatus: expectedStatus.map(String),
      assertionPath: assertion?.path ?? '',
      assertionEquals: assertion ? showScalar(assertion.equals) : '',
      upstreamPath: upstream?.path ?? '',
      upstreamEquals: upstream ? showScalar(upstream.equals) : '',
    },
  };
}

export const EMPTY_VALUES: FormValues = {
  ...toValues({ key: '', name: '', regionCode: '', owner: '', contact: '', parentKey: null, endpoints: { health: '', gateway: '', exchange: '' }, probe: probeSettingsSchema.parse({}), maintenance: [] }),
  regionCode: undefined,
};

/** What the form holds as the contract's record (maintenance windows are kept as they are). */
export function toRecord(v: FormValues, maintenance: PlatformRecord['maintenance']): unknown {
  const { expectedStatus, assertionPath, assertionEquals, upstreamPath, upstreamEquals, ...probe } = v.probe;
  return {
    key: v.key ?? '',
    name: v.name ?? '',
    regionCode: v.regionCode ?? '',
    owner: v.owner ?? '',
    contact: v.contact ?? '',
    parentKey: v.parentKey || null,
    endpoints: { health: v.endpoints?.health ?? '', gateway: v.endpoints?.gateway ?? '', exchange: v.endpoints?.exchange ?? '' },
    probe: {
      ...probe,
      keyword: probe.keyword ?? '',
      expectedStatus: (expectedStatus ?? []).map(Number),
      assertion: assertionPath?.trim() ? { path: assertionPath.trim(), equals: parseScalar(assertionEquals ?? '') } : null,
      upstream: upstreamPath?.trim() ? { path: upstreamPath.trim(), equals: parseScalar(upstreamEquals ?? '') } : null,
    },
    maintenance,
  };
}

/**
 * A record path (from zod or the core: "probe.assertion.path", "endpoints", "probe.expectedStatus.0")
 * as the form field that shows it.
 */
export function fieldOf(path: ReadonlyArray<string | number>): Array<string | number> {
  const [head, second, third] = path;
  if (head === 'endpoints') return ['endpoints', typeof second === 'string' ? second : 'health'];
  if (head === 'probe' && (second === 'assertion' || second === 'upstream')) return ['probe', `${second}${third === 'equals' ? 'Equals' : 'Path'}`];
  if (head === 'probe' && second === 'expectedStatus') return ['probe', 'expectedStatus'];
  if (head === 'probe' && typeof second === 'string') return ['probe', second];
  return [head ?? 'key'];
}
