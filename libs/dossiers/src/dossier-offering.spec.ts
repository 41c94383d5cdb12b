import { offeringAgencyOf, offersProcedure } from './dossier-offering';

describe('where a procedure is offered', () => {
  const ward = { kind: 'people_committee', level: 'commune' };
  const city = { kind: 'people_committee', level: 'district' };
  const province = { kind: 'people_committee', level: 'province' };
  const police = { kind: 'police', level: 'commune' };

  it('reads the kind and level of the implementing agency (the lead one of a group)', () => {
    expect(offeringAgencyOf('UBND cấp xã')).toEqual({ kind: 'people_committee', level: 'commune' });
    expect(offeringAgencyOf('UBND cấp xã; Công an cấp xã; Bảo hiểm xã hội cấp huyện')).toEqual({
      kind: 'people_committee',
      level: 'commune',
    });
    expect(offeringAgencyOf('Công an cấp xã')).toEqual({ kind: 'police', level: 'commune' });
    expect(offeringAgencyOf('Cơ quan đăng ký kinh doanh cấp huyện')).toEqual({
      kind: 'people_committee',
      level: 'district',
    });
  });

  it('offers a ward procedure at the ward only, a district procedure at the city only', () => {
    expect(offersProcedure(ward, 'UBND cấp xã')).toBe(true);
    expect(offersProcedure(city, 'UBND cấp xã')).toBe(false);
    expect(offersProcedure(province, 'UBND cấp xã')).toBe(false);
    expect(offersProcedure(police, 'UBND cấp xã')).toBe(false);
    expect(offersProcedure(city, 'Cơ quan đăng ký kinh doanh cấp huyện')).toBe(true);
    expect(offersProcedure(ward, 'Cơ quan đăng ký kinh doanh cấp huyện')).toBe(false);
  });
});
