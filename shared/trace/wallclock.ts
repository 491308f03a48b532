// Go's time.Unix(sec, nsec).Format(time.RFC3339Nano) in the local time zone
// (as `go tool trace` prints a ClockSnapshot's wall clock).

import { u64ToBig } from './u64';

const NS = 1000000000n;

function pad(n: number, width: number): string {
  // Go's appendInt(b, x, width): sign, then zero padding to width.
  const neg = n < 0;
  let s = String(Math.abs(n));
  while (s.length < width) s = '0' + s;
  return (neg ? '-' : '') + s;
}

/** Days since 1970-01-01 → proleptic Gregorian (year, month, day). */
function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const y = yoe + era * 400;
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [m <= 2 ? y + 1 : y, m, d];
}

const MAX_DATE_MS = 8.64e15;

/** Local time zone offset east of UTC, in seconds, at the given Unix second. */
function localOffsetSeconds(sec: number): number {
  let ms = sec * 1000;
  if (!(ms <= MAX_DATE_MS)) ms = MAX_DATE_MS;
  if (!(ms >= -MAX_DATE_MS)) ms = -MAX_DATE_MS;
  const off = -new Date(ms).getTimezoneOffset() * 60;
  return Number.isFinite(off) ? Math.round(off) : 0;
}

/**
 * Go's time.Unix(int64(sec), int64(nsec)).Format(time.RFC3339Nano), with
 * sec and nsec u64-encoded as read from the trace.
 */
export function formatWallRFC3339Nano(secU64: number, nsecU64: number): string {
  let sec = BigInt.asIntN(64, u64ToBig(secU64));
  let nsec = BigInt.asIntN(64, u64ToBig(nsecU64));
  // time.Unix's normalization.
  if (nsec < 0n || nsec >= NS) {
    const n = nsec / NS;
    sec = BigInt.asIntN(64, sec + n);
    nsec -= n * NS;
    if (nsec < 0n) {
      nsec += NS;
      sec = BigInt.asIntN(64, sec - 1n);
    }
  }
  const secNum = Number(sec);
  const offset = localOffsetSeconds(secNum);
  const local = sec + BigInt(offset);
  let days = local / 86400n;
  let rem = local % 86400n;
  if (rem < 0n) {
    rem += 86400n;
    days -= 1n;
  }
  const [year, month, day] = civilFromDays(Number(days));
  const r = Number(rem);
  const hour = Math.floor(r / 3600);
  const min = Math.floor((r % 3600) / 60);
  const s = r % 60;
  let out = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(min, 2)}:${pad(s, 2)}`;
  if (nsec !== 0n) {
    let frac = String(nsec).padStart(9, '0');
    frac = frac.replace(/0+$/, '');
    out += '.' + frac;
  }
  if (offset === 0) return out + 'Z';
  let zone = Math.trunc(offset / 60);
  let sign = '+';
  if (zone < 0) {
    sign = '-';
    zone = -zone;
  }
  return `${out}${sign}${pad(Math.trunc(zone / 60), 2)}:${pad(zone % 60, 2)}`;
}
