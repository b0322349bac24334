import { describe, expect, it } from 'vitest';
import { hexDump, klogHeader, klogStructured, truncatedBody } from './klog.js';
import { encodeQuery } from './request-log.js';

describe('klog text format', () => {
  it('writes the header as klog does: severity, mmdd, time to the microsecond, pid in seven columns, source', () => {
    expect(klogHeader(Date.UTC(2026, 10, 28, 9, 38, 57) * 1000 + 624262, 7114, 'loader.go:405')).toBe('I1128 09:38:57.624262    7114 loader.go:405] ');
    expect(klogHeader(Date.UTC(2026, 0, 1) * 1000 + 7, 12345678, 'x.go:1')).toBe('I0101 00:00:00.000007 12345678 x.go:1] ');
  });

  it('quotes one-line values and writes multi-line ones as a tab-indented block closed by " >"', () => {
    expect(klogStructured('Response', [['verb', 'GET'], ['status', '200 OK'], ['milliseconds', 3]])).toBe('"Response" verb="GET" status="200 OK" milliseconds=3\n');
    expect(klogStructured('Feature gate default state', [['feature', 'WatchListClient'], ['enabled', true]])).toBe('"Feature gate default state" feature="WatchListClient" enabled=true\n');
    // A value ending in a newline (a JSON body) and one that does not (none here ends otherwise in kubectl's output).
    expect(klogStructured('Response Body', [['body', '{"a":1}\n']])).toBe('"Response Body" body=<\n\t{"a":1}\n >\n');
    expect(klogStructured('m', [['k', 'a\nb']])).toBe('"m" k=<\n\ta\n\tb\n >\n');
    expect(klogStructured('Request Body', [['body', '{"metadata":{"labels":{"x":"z"}}}']])).toBe('"Request Body" body="{\\"metadata\\":{\\"labels\\":{\\"x\\":\\"z\\"}}}"\n');
  });

  it('keeps 1,024 bytes of a body at level 8 and 10,240 at 9, counting the rest', () => {
    const body = 'x'.repeat(1030);
    expect(truncatedBody(body, 8)).toBe(`${'x'.repeat(1024)} [truncated 6 chars]`);
    expect(truncatedBody(body, 9)).toBe(body);
    expect(truncatedBody('y'.repeat(10250), 9)).toBe(`${'y'.repeat(10240)} [truncated 10 chars]`);
    expect(truncatedBody('y'.repeat(10250), 10)).toBe('y'.repeat(10250));
  });

  it('hex-dumps a binary body as encoding/hex Dump does (kubectl create configmap c5 --from-literal=x=1 -v=8)', () => {
    const bytes = Uint8Array.from([
      0x6b, 0x38, 0x73, 0x00, 0x0a, 0x0f, 0x0a, 0x02, 0x76, 0x31, 0x12, 0x09, 0x43, 0x6f, 0x6e, 0x66,
      0x69, 0x67, 0x4d, 0x61, 0x70, 0x12, 0x1c, 0x0a, 0x12, 0x0a, 0x02, 0x63, 0x35, 0x12, 0x00, 0x1a,
      0x00, 0x22, 0x00, 0x2a, 0x00, 0x32, 0x00, 0x38, 0x00, 0x42, 0x00, 0x12, 0x06, 0x0a, 0x01, 0x78,
      0x12, 0x01, 0x31, 0x1a, 0x00, 0x22, 0x00,
    ]);
    expect(hexDump(bytes)).toBe(`00000000  6b 38 73 00 0a 0f 0a 02  76 31 12 09 43 6f 6e 66  |k8s.....v1..Conf|
00000010  69 67 4d 61 70 12 1c 0a  12 0a 02 63 35 12 00 1a  |igMap......c5...|
00000020  00 22 00 2a 00 32 00 38  00 42 00 12 06 0a 01 78  |.".*.2.8.B.....x|
00000030  12 01 31 1a 00 22 00                              |..1..".|
`);
  });

  it('encodes a query as url.Values.Encode: keys sorted, QueryEscape', () => {
    expect(encodeQuery({ limit: '500', labelSelector: 'app=web', fieldSelector: 'involvedObject.name=p,involvedObject.namespace=default' }))
      .toBe('fieldSelector=involvedObject.name%3Dp%2CinvolvedObject.namespace%3Ddefault&labelSelector=app%3Dweb&limit=500');
    expect(encodeQuery({ a: 'x y', b: undefined })).toBe('a=x+y');
  });
});
