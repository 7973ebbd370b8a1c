/**
 * Every kind of fact the pillars can produce, so a rulebook item can only count a fact that exists
 * ("unknown fact" is a field error) and the engine knows which detail field picks a tier. The
 * D-kinds carry no points: they tell the M-grade rule that a tenant has data (a signed convention,
 * a training record, an evaluation on file). Pure.
 */
export interface FactKind {
  code: string;
  /** The pillar that produces it (`lists` arrives with the lists issue). */
  pillar: 'conventions' | 'trainings' | 'evaluations' | 'findings' | 'self-reports' | 'lists';
  /** The detail field whose value selects the item's tier (`grade`, `severity`, `threshold`). */
  tierField?: string;
  /** True for the data-presence kinds (D01–D03): never points, read by the M-grade rule. */
  presence?: boolean;
}

const kind = (code: string, pillar: FactKind['pillar'], extra: Partial<FactKind> = {}): FactKind => ({ code, pillar, ...extra });

export const FACT_KINDS: readonly FactKind[] = [
  kind('P01', 'conventions'), kind('P02', 'conventions'), kind('N01', 'conventions'), kind('N02', 'conventions'),
  kind('D01', 'conventions', { presence: true }),
  kind('P07', 'trainings', { tierField: 'threshold' }), kind('P08', 'trainings'), kind('N03', 'trainings'),
  kind('D02', 'trainings', { presence: true }),
  kind('P06', 'evaluations', { tierField: 'grade' }), kind('N07', 'evaluations', { tierField: 'grade' }),
  kind('D03', 'evaluations', { presence: true }),
  kind('P03', 'findings'), kind('P04', 'findings'), kind('P05', 'findings'), kind('N04', 'findings', { tierField: 'severity' }),
  kind('N05', 'findings'), kind('N06', 'findings'), kind('N08', 'findings'),
  kind('P09', 'self-reports'), kind('P10', 'self-reports'), kind('P11', 'self-reports'),
  kind('P12', 'lists'), kind('N09', 'lists'),
];

const BY_CODE = new Map(FACT_KINDS.map((k) => [k.code, k]));

export function factKind(code: string): FactKind | undefined {
  return BY_CODE.get(code);
}
