/**
 * docker/go-units as cri-tools v1.35 vendors it (duration.go, size.go), and Go's
 * `%.Ng` that HumanSizeWithPrecision prints with: crictl's CREATED and SIZE columns.
 */

/** units.HumanDuration: "Less than a second", "About a minute", "3 hours"… */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.trunc(ms / 60_000);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  // Hours round to the nearest (int(d.Hours() + 0.5)).
  const hours = Math.trunc(ms / 3_600_000 + 0.5);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.trunc(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.trunc(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24 / 30)} months`;
  return `${Math.trunc(Math.trunc(ms / 3_600_000) / 24 / 365)} years`;
}

const DECIMAL_ABBRS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];

/** units.HumanSizeWithPrecision: powers of 1000, `%.*g` then the unit ("27.7MB", "320kB", "1e+03kB"). */
export function humanSizeWithPrecision(size: number, precision: number): string {
  let i = 0;
  while (size >= 1000 && i < DECIMAL_ABBRS.length - 1) {
    size /= 1000;
    i++;
  }
  return goFormatG(size, precision) + DECIMAL_ABBRS[i];
}

/**
 * Go's `%.Pg`: P significant digits, trailing zeros dropped, exponent form
 * when the exponent is < -4 or >= P, written e+XX with at least two digits.
 */
export function goFormatG(x: number, precision: number): string {
  if (x === 0) return '0';
  const exp = x.toExponential(precision - 1); // "9.995e+2"
  const [mant, e] = exp.split('e');
  const exponent = Number(e);
  const trim = (s: string) => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
  if (exponent < -4 || exponent >= precision) {
    const sign = exponent < 0 ? '-' : '+';
    return `${trim(mant)}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return trim(x.toFixed(Math.max(0, precision - 1 - exponent)));
}

/** human_readable with human_ceiling | human_autoscale: "4.0K", "12K", "252G", "0". */
export function humanCeil(bytes: number, base: 1024 | 1000): string {
  if (bytes < base) return String(Math.ceil(bytes));
  let e = 0;
  while (e < 8 && base ** (e + 1) <= bytes) e++;
  const unit = (base === 1024 ? 'KMGTPEZY' : 'kMGTPEZY')[e - 1];
  const div = base ** e;
  const tenths = Math.ceil((bytes * 10) / div);
  if (tenths < 100) return `${Math.floor(tenths / 10)}.${tenths % 10}${unit}`;
  const whole = Math.ceil(bytes / div);
  if (whole >= base && e < 8) return `1.0${(base === 1024 ? 'KMGTPEZY' : 'kMGTPEZY')[e]}`;
  return `${whole}${unit}`;
}
