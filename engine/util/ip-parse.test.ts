import { describe, expect, it } from 'vitest';
import { parseAddr, parseIPv6 } from './ip-parse.js';

// Texts as Go 1.25's net/netip prints them (netip.go's parseIPv4Fields/parseIPv6 and parseAddrError.Error).
describe('netip.ParseAddr', () => {
  it('reads IPv4, IPv6, an embedded dotted quad and a zone', () => {
    expect(parseAddr('10.96.0.10')).toEqual({ bytes: [10, 96, 0, 10], zone: '' });
    expect(parseAddr('::')).toEqual({ bytes: new Array(16).fill(0), zone: '' });
    expect(parseAddr('2001:db8::68')).toEqual({ bytes: [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x68], zone: '' });
    expect(parseAddr('::ffff:1.2.3.4')).toEqual({ bytes: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4], zone: '' });
    expect(parseAddr('1:2:3:4:5:6:1.2.3.4')).toEqual({ bytes: [0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 1, 2, 3, 4], zone: '' });
    expect(parseAddr('fe80::1%eth0')).toEqual({ bytes: [0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], zone: 'eth0' });
  });

  it.each([
    ['', 'ParseAddr(""): unable to parse IP'],
    ['%eth0', 'ParseAddr("%eth0"): missing IPv6 address'],
    // The first '.' picks IPv4, so a dotted quad before "::" is not IPv6.
    ['1.2.3.4::', 'ParseAddr("1.2.3.4::"): unexpected character (at "::")'],
    ['1.2.3', 'ParseAddr("1.2.3"): IPv4 address too short'],
    ['1.2.3.4.5', 'ParseAddr("1.2.3.4.5"): IPv4 address too long'],
    ['1..2.3', 'ParseAddr("1..2.3"): IPv4 field must have at least one digit (at ".2.3")'],
    ['01.2.3.4', 'ParseAddr("01.2.3.4"): IPv4 field has octet with leading zero'],
    ['1.2.3.256', 'ParseAddr("1.2.3.256"): IPv4 field has value >255'],
    ['12345::', 'ParseAddr("12345::"): each group must have 4 or less digits (at "12345::")'],
    ['1:2:3:4:5:6:7:1.2.3.4', 'ParseAddr("1:2:3:4:5:6:7:1.2.3.4"): embedded IPv4 address must replace the final 2 fields of the address (at "1.2.3.4")'],
    ['1::2:3:4:5:6:7:1.2.3.4', 'ParseAddr("1::2:3:4:5:6:7:1.2.3.4"): too many hex fields to fit an embedded IPv4 at the end of the address (at "1.2.3.4")'],
    ['::1.2.3.4.5', 'ParseAddr("::1.2.3.4.5"): IPv4 address too long'],
    ['1:2:3:4:5:6:7', 'ParseAddr("1:2:3:4:5:6:7"): address string too short'],
    ['1:2:3:4:5:6:7:8:9', 'ParseAddr("1:2:3:4:5:6:7:8:9"): trailing garbage after address (at "9")'],
    ['1:2:3:4::5:6:7:8', 'ParseAddr("1:2:3:4::5:6:7:8"): the :: must expand to at least one field of zeros'],
    ['1::2::3', 'ParseAddr("1::2::3"): multiple :: in address (at ":3")'],
    ['1:', 'ParseAddr("1:"): colon must be followed by more characters (at ":")'],
    ['1:g', 'ParseAddr("1:g"): each colon-separated field must have at least one digit (at "g")'],
    ['fe80::1%', 'ParseAddr("fe80::1%"): zone must be a non-empty string'],
  ])('refuses %j with Go\'s text', (text, want) => {
    expect(parseAddr(text)).toBe(want);
  });

  it('parseIPv6 gives bytes only for a zoneless IPv6 address', () => {
    expect(parseIPv6('::1')).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(typeof parseIPv6('fe80::1%eth0')).toBe('string');
    expect(typeof parseIPv6('10.0.0.1')).toBe('string');
  });
});
