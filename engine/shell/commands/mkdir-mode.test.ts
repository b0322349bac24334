/** mkdir -m on the node: the modes GNU mkdir (coreutils 9.1, as 9.4) gave on a real disk, read back with stat. */
import { expect, it } from 'vitest';
import { lab } from './node/test-lab.js';

it('mkdir -m gives the folder exactly its mode (octal or symbolic over a=rwx), parents of -p the usual one', async () => {
  const { run } = await lab(3);
  expect((await run('mkdir -m 700 a && mkdir -m u=rwx,g=rx b && mkdir -m +w c && mkdir -m g-w d && mkdir --mode=0711 e && mkdir -pm 750 x/y/z')).status).toBe(0);
  expect((await run('stat -c "%n %a" a b c d e x x/y x/y/z')).out).toBe('a 700\nb 757\nc 777\nd 757\ne 711\nx 775\nx/y 775\nx/y/z 750\n');
  expect(await run('mkdir -m bad f')).toEqual({ out: 'mkdir: invalid mode ‘bad’\n', status: 1 });
  expect((await run('ls -d f')).status).toBe(2);
  expect(await run('mkdir -m')).toEqual({ out: "mkdir: option requires an argument -- 'm'\nTry 'mkdir --help' for more information.\n", status: 1 });
});
