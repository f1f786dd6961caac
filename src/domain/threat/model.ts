import type { AuthEventRecord } from '../../store/types.js';

/**
 * The risk model (docs/threat-protection.md "The risk model"): points per reason over the user's recorded history,
 * the sum giving the level. Pure: the caller reads the history and gives the time.
 */
export type RiskLevel = 'Low' | 'Medium' | 'High';
export type RiskReason = 'new-ip' | 'new-device' | 'failure-burst' | 'reported-ip';

export interface RiskSignals {
  ipAddress?: string;
  /** Keyed hash of the request's EncodedData, '' without one. */
  fingerprint: string;
  /** The request named one of the user's remembered devices. */
  rememberedDevice: boolean;
  now: number;
}

export interface RiskAssessment {
  level?: RiskLevel;
  reasons: RiskReason[];
}

export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
export const FAILURE_BURST = 5;
const POINTS: Record<RiskReason, number> = { 'new-ip': 1, 'new-device': 1, 'failure-burst': 2, 'reported-ip': 2 };

/** The sum of points → level: 0 none, 1 Low, 2 Medium, 3 or more High. */
export function levelFor(points: number): RiskLevel | undefined {
  if (points <= 0) return undefined;
  return points === 1 ? 'Low' : points === 2 ? 'Medium' : 'High';
}

/** `history`: the user's sign-in events, any order. */
export function assessRisk(history: readonly AuthEventRecord[], s: RiskSignals): RiskAssessment {
  const signIns = history.filter((e) => e.details.eventType === 'SignIn');
  // "Known": a sign-in that passed, or one the user said was them.
  const known = signIns.filter((e) => e.details.response === 'Pass' || e.details.feedback?.value === 'Valid');
  const reasons: RiskReason[] = [];
  if (known.length > 0) {
    if (!known.some((e) => e.details.ipAddress === s.ipAddress)) reasons.push('new-ip');
    if (!s.rememberedDevice && !known.some((e) => e.details.fingerprint === s.fingerprint)) reasons.push('new-device');
  }
  const failures = signIns.filter((e) => e.details.response === 'Fail' && e.details.riskDecision !== 'Block' && e.createdAt > s.now - FAILURE_WINDOW_MS);
  if (failures.length >= FAILURE_BURST) reasons.push('failure-burst');
  if (s.ipAddress !== undefined && signIns.some((e) => e.details.feedback?.value === 'Invalid' && e.details.ipAddress === s.ipAddress)) reasons.push('reported-ip');
  const level = levelFor(reasons.reduce((n, r) => n + POINTS[r], 0));
  return level ? { level, reasons } : { reasons };
}
