import { boundingBox, distanceMeters, handlingTarget, isOpen, reportNumber, triageTarget } from './feedback.rules';

describe('the life of a street report', () => {
  it('lets the desk triage only what is waiting, and the unit handle only what it holds', () => {
    expect(triageTarget('accept', 'new')).toBe('accepted');
    expect(triageTarget('accept', 'assigned')).toBeNull();
    expect(triageTarget('assign', 'accepted')).toBe('assigned');
    expect(triageTarget('reject', 'resolved')).toBeNull();
    expect(triageTarget('merge', 'new')).toBe('merged');
    expect(handlingTarget('answer', 'info_requested')).toBe('resolved');
    expect(handlingTarget('acknowledge', 'in_progress')).toBeNull();
    expect(handlingTarget('hand_back', 'in_progress')).toBe('accepted');
    expect(handlingTarget('start', 'resolved')).toBeNull();
  });

  it('maps statuses to Open311 open/closed', () => {
    expect(isOpen('info_requested')).toBe(true);
    expect(isOpen('merged')).toBe(false);
  });

  it('measures distances and boxes them for the index', () => {
    const a = { lat: 16.4533, lng: 107.5583 };
    const b = { lat: 16.4533 + 100 / 111_195, lng: 107.5583 };
    expect(distanceMeters(a, b)).toBeCloseTo(100, 0);
    const box = boundingBox(a, 150);
    expect(box.maxLat - a.lat).toBeGreaterThan(0.00134);
    expect(box.maxLng - a.lng).toBeGreaterThan(box.maxLat - a.lat);
  });

  it('numbers reports per year', () => {
    expect(reportNumber(2026, 123)).toBe('PA-2026-000123');
  });
});
