import { createHmac } from 'node:crypto';
import {
  canonicalQuery,
  pipeHash,
  QUERYDR_REQUEST_FIELDS,
  QUERYDR_RESPONSE_FIELDS,
  secureHash,
  signedQuery,
  verifySecureHash,
  vnpEncode,
} from './signing';

const SECRET = 'MOTCUADEMOSECRETKEY0123456789ABC';

/** A payment request as the portal would build it, with Vietnamese text, reserved characters and an empty value. */
const REQUEST = {
  vnp_Version: '2.1.0',
  vnp_Command: 'pay',
  vnp_TmnCode: 'MOTCUA01',
  vnp_Amount: '5000000',
  vnp_CurrCode: 'VND',
  vnp_TxnRef: 'HS-000.17.22.H56-261206-0001',
  vnp_OrderInfo: 'Lệ phí hồ sơ 000.17.22.H56-261206-0001: 50.000đ (~*)',
  vnp_OrderType: 'other',
  vnp_Locale: 'vn',
  vnp_ReturnUrl: 'http://localhost:3000/payments/vnpay/return?a=1&b=2',
  vnp_IpAddr: '127.0.0.1',
  vnp_CreateDate: '20261206142530',
  vnp_ExpireDate: '20261206144030',
  vnp_BankCode: '',
};

const CANONICAL =
  'vnp_Amount=5000000&vnp_Command=pay&vnp_CreateDate=20261206142530&vnp_CurrCode=VND&vnp_ExpireDate=20261206144030' +
  '&vnp_IpAddr=127.0.0.1&vnp_Locale=vn' +
  '&vnp_OrderInfo=L%E1%BB%87+ph%C3%AD+h%E1%BB%93+s%C6%A1+000.17.22.H56-261206-0001%3A+50.000%C4%91+%28%7E%2A%29' +
  '&vnp_OrderType=other&vnp_ReturnUrl=http%3A%2F%2Flocalhost%3A3000%2Fpayments%2Fvnpay%2Freturn%3Fa%3D1%26b%3D2' +
  '&vnp_TmnCode=MOTCUA01&vnp_TxnRef=HS-000.17.22.H56-261206-0001&vnp_Version=2.1.0';

/** Computed once and cross-checked with Python's quote_plus (with ~ encoded) and hmac: pinned here. */
const REQUEST_HASH =
  '0349319a0c465a589fbe6bcb040c8e3dd61bca41d836f64ddbb85d0c86dee5872e2045013bd6f9096a850af9ea31c41c7530e36a1de1e594406df0bfcc03a70d';

describe('VNPay 2.1.0 signing', () => {
  it('encodes as PHP urlencode: only A-Z a-z 0-9 - _ . stay, space is +, hex is upper case', () => {
    expect(vnpEncode("a b-_.~!*'()+/?=&%")).toBe('a+b-_.%7E%21%2A%27%28%29%2B%2F%3F%3D%26%25');
    expect(vnpEncode('Thủy Xuân')).toBe('Th%E1%BB%A7y+Xu%C3%A2n');
  });

  it('builds the canonical string: vnp_* only, sorted by name, empty values and the hash fields left out', () => {
    expect(
      canonicalQuery({ ...REQUEST, vnp_SecureHash: 'x', vnp_SecureHashType: 'HmacSHA512', other: 'ignored' }),
    ).toBe(CANONICAL);
  });

  it('sorts names in byte order (upper case before lower case)', () => {
    expect(canonicalQuery({ vnp_b: '1', vnp_B: '2', vnp_a: '3' })).toBe('vnp_B=2&vnp_a=3&vnp_b=1');
  });

  it('signs the known vector with lower-case hex HMAC-SHA512', () => {
    expect(secureHash(SECRET, REQUEST)).toBe(REQUEST_HASH);
    expect(createHmac('sha512', SECRET).update(CANONICAL).digest('hex')).toBe(REQUEST_HASH);
  });

  it('verifies a signed query whatever the order and encoding it arrives in, and refuses any change', () => {
    const query = signedQuery(SECRET, REQUEST);
    expect(query.endsWith(`&vnp_SecureHash=${REQUEST_HASH}`)).toBe(true);
    const params = new URLSearchParams(query);
    expect(verifySecureHash(SECRET, params)).toBe(true);
    const reordered = new URLSearchParams([...params].reverse());
    expect(verifySecureHash(SECRET, reordered)).toBe(true);
    const upper = new URLSearchParams(params);
    upper.set('vnp_SecureHash', REQUEST_HASH.toUpperCase());
    expect(verifySecureHash(SECRET, upper)).toBe(true);
    const changed = new URLSearchParams(params);
    changed.set('vnp_Amount', '5000100');
    expect(verifySecureHash(SECRET, changed)).toBe(false);
    expect(verifySecureHash('ANOTHERSECRETKEY0123456789ABCDEF', params)).toBe(false);
    params.delete('vnp_SecureHash');
    expect(verifySecureHash(SECRET, params)).toBe(false);
  });

  it('signs querydr requests and answers over their fields joined with |', () => {
    const request = {
      vnp_RequestId: 'req0001',
      vnp_Version: '2.1.0',
      vnp_Command: 'querydr',
      vnp_TmnCode: 'MOTCUA01',
      vnp_TxnRef: 'HS-1',
      vnp_TransactionDate: '20261206142530',
      vnp_CreateDate: '20261206150000',
      vnp_IpAddr: '127.0.0.1',
      vnp_OrderInfo: 'Tra cuu giao dich HS-1',
    };
    const data = 'req0001|2.1.0|querydr|MOTCUA01|HS-1|20261206142530|20261206150000|127.0.0.1|Tra cuu giao dich HS-1';
    expect(pipeHash(SECRET, QUERYDR_REQUEST_FIELDS, request)).toBe(
      createHmac('sha512', SECRET).update(data).digest('hex'),
    );
    expect(pipeHash(SECRET, QUERYDR_REQUEST_FIELDS, request)).toBe(
      '49d4c1bf6d419d959de703ff250bb3c9722ac2581d5c29376cb2846f2741ed32175ca316b05a9bef715d2fe4777bc2faaa4bdc58abb4afb99dea3433548e2fa7',
    );
    expect(QUERYDR_RESPONSE_FIELDS.join('|')).toBe(
      'vnp_ResponseId|vnp_Command|vnp_ResponseCode|vnp_Message|vnp_TmnCode|vnp_TxnRef|vnp_Amount|vnp_BankCode|' +
        'vnp_PayDate|vnp_TransactionNo|vnp_TransactionType|vnp_TransactionStatus|vnp_OrderInfo|vnp_PromotionCode|' +
        'vnp_PromotionAmount',
    );
    // Absent fields count as empty strings between the bars.
    expect(pipeHash(SECRET, ['a', 'b', 'c'], { a: '1', c: '3' })).toBe(
      createHmac('sha512', SECRET).update('1||3').digest('hex'),
    );
  });
});
