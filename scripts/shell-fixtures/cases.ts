/** The command lines record.ts runs with the real tools (argv, no shell unless argv[0] is bash). */
const expr = (...a: string[]) => ['expr', ...a];
const date = (...a: string[]) => ['date', ...a];
const bash = (line: string) => ['bash', '--norc', '--noprofile', '-c', line];

/** A fixed instant the simulated clock is set to in the tests: 2026-01-01T00:02:00Z (the lab's boot plus two minutes). */
export const NOW = '2026-01-01 00:02:00';

export const CASES: string[][] = [
  expr('1', '+', '2'), expr('5', '-', '5'), expr(), expr('1', '+'), expr('a', '+', '1'), expr('1', '/', '0'), expr('5', '%', '0'),
  expr('length', 'abc'), expr('abc', ':', 'a\\(.\\)'), expr('abc', ':', 'a.'), expr('substr', 'hello', '2', '3'), expr('index', 'hello', 'l'),
  expr('match', 'abc', 'b'), expr('3', '*', '4'), expr('1', '=', '1'), expr('a', '<', 'b'), expr('2', '>', '10'), expr('0', '|', '3'),
  expr('0', '&', '3'), expr('', '|', '0'), expr('(', '1', '+', '2', ')', '*', '3'), expr('1', '2'), expr('+', '1'), expr('-1', '+', '1'),
  expr('99999999999999999999', '+', '1'), expr('(', '1'), expr('abc', ':', 'x'), expr('7', '/', '2'), expr('-7', '/', '2'), expr('-7', '%', '2'),
  expr('x'), expr('length'), expr(')'), expr('1', '+', '2', ')'), expr('(', '1', '2'), expr('', '|', ''), expr('+', 'length'), expr('00', '|', '5'),
  expr('-0', '&', '1'), expr('substr', 'abc', '0', '1'), expr('index', 'abc', ''), expr('abc', ':', '\\(x\\)'), expr('1', '|', '1', '/', '0'),
  expr('match'), expr('aXb', ':', 'a\\(.*\\)b'), expr('10', '!=', '10'), expr('b', '>=', 'a'), expr('3', '-', '5'), expr('2', '*', 'x'),
  expr('pod-1', ':', 'pod-\\([0-9]*\\)'), expr('--', '3', '+', '1'), expr('1', '<=', '1'), expr('0'),
  date('-u', '-d', '@0'), date('-d', '@0'), date('-d', '@1767225720', '+%H:%M:%S'), date('-u', '-d', `${NOW}`, '+%s'),
  date('-d', `${NOW} 5 minutes ago`), date('-d', `${NOW} 1 hour`), date('-d', '2026-01-01 -2 days'), date('-d', '2026-01-01 +3 weeks'), date('-d', `${NOW} 2 months`), date('-d', `${NOW} next day`), date('-d', `${NOW} last year`),
  date('-d', `${NOW} yesterday`), date('-d', `${NOW} tomorrow`), date('-d', `${NOW} 90 seconds ago`), date('-d', '2026-03-04'),
  date('-d', '2026-03-04T05:06:07Z'), date('-d', '2026-03-04 05:06'), date('-d', 'bogus'), date('-d', '@1767225720', '-I'),
  date('-d', '@1767225720', '-Iseconds'), date('-d', '@1767225720', '-Iminutes'), date('-d', '@1767225720', '-Ihours'), date('-d', '@1767225720', '-Ins'),
  date('-d', '@1767225720', '-R'), date('-d', '@1767225720', '--rfc-3339=seconds'), date('-d', '@1767225720', '--iso-8601=seconds'),
  date('-d', '@1767225720', '+%Y-%m-%dT%H:%M:%SZ'), date('-d', '@1767225720', '+%A %B %-d %e %j %u %w %p %I %l %k %D %R %r %C %y %P %:z %z %Z %%'),
  date('-d', '@1767225720', '+%s%N'), date('-d', '@1767225720', '+%c|%x|%X|%T|%F|%h|%_H|%05d'), date('-x'), date('-d'),
  date('-d', '@1767225720', 'extra'), date('-d', '@1767225720', '+%H', '+%M'), date('-d', '@1767225720', '-Ifoo'),
  date('-d', '2026-01-01 00:02:00 UTC'), date('-d', 'now', '+%Y'), date('--date=@60', '-u'), date('-d', '@1767225720.5', '+%s.%N'),
  bash('a=(1 2 3); echo ${a[1]}'), bash('a=(1 2 3); echo ${a[@]} ${#a[@]} ${a[*]}; echo $a'), bash('a=(x "y z"); for i in "${a[@]}"; do echo "[$i]"; done'),
  bash('a=(x "y z"); for i in ${a[@]}; do echo "[$i]"; done'), bash('a=(x "y z"); for i in "${a[*]}"; do echo "[$i]"; done'),
  bash('a=(1 2); a+=(3 "4 5"); echo ${#a[@]}; printf "<%s>" "${a[@]}"; echo'), bash('a=(1 2 3); unset "a[1]"; echo ${#a[@]} ${a[@]} ${!a[@]}'),
  bash('a[3]=x; a[1]=y; echo ${a[@]} ${!a[@]} ${#a[@]}'), bash('a=(one two); echo ${#a[1]} ${a[-1]} ${a[5]:-none}'),
  bash('i=1; a=(p q r); echo ${a[i]} ${a[$i+1]} ${a[i-1]}'), bash('declare -a a=(x y); echo ${a[1]}; declare -a b; b[0]=z; echo ${b[@]}'),
  bash('a=(a b c d e); echo ${a[@]:1:2} ${a[@]:3}'), bash('a=(); echo ${#a[@]}; echo "[${a[@]}]"'), bash('a=(1 2 3); echo $((a[0] + a[2]))'),
  bash('a=( one\n  two # comment\n  three ); echo ${a[2]} ${#a[@]}'), bash('a=(1 2 3); a=(9); echo ${a[@]}'), bash('s="a b c"; a=($s); echo ${#a[@]}'),
  bash('a=(*.nothing); echo ${a[0]}'), bash('a=(x y); a[1]+=z; echo ${a[@]}'), bash('a=(x y); b=("${a[@]}" w); echo ${b[@]} ${#b[@]}'),
  bash('a=(k1 k2); echo "${a[@]/k/K}" "${a[@]^^}"'),
  bash('sleep 100 & kill %1; wait; echo $?'), bash('kill %2'), bash('kill 999999'), bash('kill -l'), bash('kill -l 9; kill -l 15; kill -l KILL'),
  bash('kill'), bash('kill -s'), bash('kill -FOO 1'), bash('kill -l 99'), bash('kill abc'), bash('kill -9'),
];
