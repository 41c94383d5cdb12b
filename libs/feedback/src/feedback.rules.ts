import type { HandlingAction, ReportStatus, TriageAction } from './feedback.contract';

/**
 * Which action may move a report from which status, and where to. The operations desk triages (`new`, `accepted`);
 * the unit handles what it was assigned; nothing moves a final status except the one reopening of a resolved report
 * after an unsatisfied rating.
 */
const TRIAGE_FROM: Record<Exclude<TriageAction['kind'], 'set_published'>, readonly ReportStatus[]> = {
  accept: ['new'],
  reject: ['new', 'accepted'],
  merge: ['new', 'accepted'],
  // Reassigning a report a unit already holds (a wrong unit, a unit that cannot act) is the desk's call too.
  assign: ['new', 'accepted', 'assigned', 'acknowledged'],
  transfer: ['new', 'accepted'],
};

const TRIAGE_TO: Record<Exclude<TriageAction['kind'], 'set_published'>, ReportStatus> = {
  accept: 'accepted',
  reject: 'rejected',
  merge: 'merged',
  assign: 'assigned',
  transfer: 'transferred',
};

const HANDLING_FROM: Record<HandlingAction['kind'], readonly ReportStatus[]> = {
  acknowledge: ['assigned'],
  start: ['assigned', 'acknowledged'],
  request_info: ['assigned', 'acknowledged', 'in_progress'],
  answer: ['assigned', 'acknowledged', 'in_progress', 'info_requested'],
  hand_back: ['assigned', 'acknowledged', 'in_progress', 'info_requested'],
};

const HANDLING_TO: Record<HandlingAction['kind'], ReportStatus> = {
  acknowledge: 'acknowledged',
  start: 'in_progress',
  request_info: 'info_requested',
  answer: 'resolved',
  hand_back: 'accepted',
};

export function triageTarget(kind: TriageAction['kind'], from: ReportStatus): ReportStatus | null {
  if (kind === 'set_published') return from;
  return TRIAGE_FROM[kind].includes(from) ? TRIAGE_TO[kind] : null;
}

export function handlingTarget(kind: HandlingAction['kind'], from: ReportStatus): ReportStatus | null {
  return HANDLING_FROM[kind].includes(from) ? HANDLING_TO[kind] : null;
}

/** Statuses a unit works on. */
export const UNIT_STATUSES: readonly ReportStatus[] = ['assigned', 'acknowledged', 'in_progress', 'info_requested'];

/** Open311's two statuses: open until the report reaches a final status. */
export function isOpen(status: ReportStatus): boolean {
  return !['resolved', 'rejected', 'merged', 'transferred'].includes(status);
}

/** Great-circle distance in metres (haversine, mean Earth radius). */
export function distanceMeters(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const r = 6_371_008.8;
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * r * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The latitude/longitude box around a point that contains every point within `meters` (for an index prefilter). */
export function boundingBox(p: { lat: number; lng: number }, meters: number) {
  const dLat = meters / 111_320;
  const dLng = meters / (111_320 * Math.max(0.01, Math.cos((p.lat * Math.PI) / 180)));
  return { minLat: p.lat - dLat, maxLat: p.lat + dLat, minLng: p.lng - dLng, maxLng: p.lng + dLng };
}

/** PA-2026-000123: the public number of the `seq`-th report of `year`. */
export function reportNumber(year: number, seq: number): string {
  return `PA-${year}-${String(seq).padStart(6, '0')}`;
}

export const REPORT_NUMBER = /^PA-\d{4}-\d{6}$/;
