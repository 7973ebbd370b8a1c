import type { AttendanceMark } from '../trainings/domain/attendance-rate.rules.js';
import type { Audience } from '../trainings/domain/audience.rules.js';
import type { TrainingKind } from '../trainings/domain/session.rules.js';

export interface DemoTraining {
  title: string;
  kind: TrainingKind;
  speaker: string;
  /** Index into DEMO_TENANTS of a tenant whose person speaks (P08). */
  speakerTenant?: number;
  location: string;
  capacity?: number;
  audience: Audience;
  /** Days from the seed's day, park time; negative is held already. */
  inDays: number;
  from: string;
  to: string;
}

/** A lecture held a month ago (with its roll call), a required one next week and an optional briefing. */
export const DEMO_TRAININGS: DemoTraining[] = [
  {
    title: '安全生产法律法规讲座', kind: 'law_lecture', speaker: '市应急管理局 刘科长', location: '园区会议中心 301',
    audience: 'all', inDays: -30, from: '14:00', to: '16:00',
  },
  {
    title: '企业合规经营与信用修复专题讲座', kind: 'law_lecture', speaker: '星辰微电子 法务总监', speakerTenant: 0,
    location: '园区会议中心 301', capacity: 60, audience: 'all', inDays: 7, from: '09:30', to: '11:30',
  },
  {
    title: '高新技术企业认定政策解读', kind: 'policy_briefing', speaker: '区科委 王老师', location: '园区会议中心 205',
    capacity: 40, audience: 'optional', inDays: 14, from: '14:30', to: '16:00',
  },
];

/** The held lecture's roll call: most present, a few late, one excused, two absent. */
export function demoRollCall(tenantIds: readonly number[]): { tenantId: number; mark: AttendanceMark }[] {
  return tenantIds.map((tenantId, i) => ({
    tenantId,
    mark: i % 13 === 5 ? 'absent' : i % 11 === 3 ? 'excused' : i % 7 === 2 ? 'late' : 'present',
  }));
}
