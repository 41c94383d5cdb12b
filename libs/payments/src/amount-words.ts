const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];
const GROUPS = ['', 'nghìn', 'triệu', 'tỷ', 'nghìn tỷ', 'triệu tỷ'];

/** A group of three digits in words; `full` when a higher group precedes it (so "không trăm linh năm"). */
function triple(n: number, full: boolean): string {
  const h = Math.floor(n / 100);
  const t = Math.floor((n % 100) / 10);
  const u = n % 10;
  const out: string[] = [];
  if (h > 0 || full) out.push(`${DIGITS[h]} trăm`);
  if (t === 0) {
    if (u > 0 && (h > 0 || full)) out.push('linh');
  } else if (t === 1) {
    out.push('mười');
  } else {
    out.push(`${DIGITS[t]} mươi`);
  }
  if (u > 0) {
    if (u === 1 && t > 1) out.push('mốt');
    else if (u === 5 && t > 0) out.push('lăm');
    else if (u === 4 && t > 1) out.push('tư');
    else out.push(DIGITS[u] as string);
  }
  return out.join(' ');
}

/**
 * An amount of money in Vietnamese words, as receipts write it: 15000 → "Mười lăm nghìn đồng", 1205000 →
 * "Một triệu hai trăm linh năm nghìn đồng".
 */
export function amountInWords(amount: number): string {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError('amount must be a whole number of đồng');
  if (amount === 0) return 'Không đồng';
  const groups: number[] = [];
  for (let n = amount; n > 0; n = Math.floor(n / 1000)) groups.push(n % 1000);
  const words: string[] = [];
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i] as number;
    if (g === 0) continue;
    words.push(triple(g, i < groups.length - 1));
    if (GROUPS[i]) words.push(GROUPS[i] as string);
  }
  const text = `${words.join(' ')} đồng`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** 15000 → "15.000 đồng". */
export function formatDong(amount: number): string {
  return `${new Intl.NumberFormat('vi-VN').format(amount)} đồng`;
}
