/** The command lines record.ts runs with the real tools (argv, no shell unless argv[0] is bash). */
const expr = (...a: string[]) => ['expr', ...a];
const date = (...a: string[]) => ['date', ...a];
const bash = (line: string) => ['bash', '--norc', '--noprofile', '-c', line];
/** The busybox image's shell (ash), as `kubectl exec POD -- sh -c LINE` runs it. */
const ash = (line: string) => ['busybox', 'sh', '-c', line];
/** A Debian image's `sh` (nginx, httpd, redis, perl, hpa-example): dash, as /bin/sh is on Debian 12. */
const dash = (line: string) => ['/bin/sh', '-c', line];
/** A Debian image's `bash -c LINE` (its GNU coreutils around it), not the host's interactive shell. */
const cbash = (line: string) => ['/bin/bash', '--norc', '--noprofile', '-c', line];
/** The same lines through the three shells a container may have. */
const shells = (line: string) => [ash(line), dash(line), cbash(line)];

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
  // (`{ …; } 2>&1` where the order of output and error messages matters.)
  // "$@" / "${a[@]}" with nothing in them, case, [[ ]], set -e/-x/pipefail, trap, read with IFS, PIPESTATUS, arithmetic constants.
  bash('f(){ for x in "$@"; do echo "[$x]"; done; echo n=$#; }; f; f ""; f a "b c"'),
  bash('a=(); for x in "${a[@]}"; do echo "[$x]"; done; for x in "$*" "${a[*]}"; do echo "<$x>"; done; b=("${a[@]}" "$@"); echo ${#b[@]}; set -- "$@"; echo $#'),
  bash('set --; for x in """$@" "x$@" "$@y"; do echo "[$x]"; done; f(){ echo $#; }; f "${a[@]}" "${@}" "${a[@]:0}"'),
  bash('case abc in a*) echo A;; b*) echo B;; esac; case "x y" in "x y") echo quoted;; *) echo other;; esac'),
  bash('x=foo; case $x in bar|foo) echo one ;& baz) echo two ;;& f*) echo three;; *) echo four;; esac; case x in (x) echo paren; esac'),
  bash('case "*" in \'*\') echo star;; esac; case ab in "a"*) echo qa;; esac; p=\'a*\'; case ab in $p) echo pv;; esac; case ab in "$p") echo pq;; esac; case a in b) ;; esac; echo $?'),
  bash('for f in a.yaml b.txt c.yml; do case "$f" in *.yaml|*.yml) echo "yaml $f";; *) echo "other $f";; esac; done; case x in x) false;; esac; echo $?'),
  bash('case $1 in\n  start)\n    echo s\n    ;;\n  *)\n    echo default\n    ;;\nesac'),
  bash('[[ b =~ a|b ]]; echo $?; [[ ab =~ ^(a)(b)$ ]] && echo ${BASH_REMATCH[@]} ${#BASH_REMATCH[@]}; [[ x =~ ^[[:alpha:]]+$ && 1 == 1 ]]; echo $?'),
  bash('re="^a.c$"; [[ abc =~ $re ]]; echo $?; [[ abc =~ "a.c" ]]; echo $?; [[ a.c =~ "a.c" ]]; echo $?; [[ abc =~ b(x)? ]]; echo "${BASH_REMATCH[@]}|${#BASH_REMATCH[@]}"; [[ abc =~ z ]]; echo "${#BASH_REMATCH[@]}"; [[ a =~ [ ]]; echo $?'),
  bash('[[ abc == a* ]]; echo $?; [[ abc == "a*" ]]; echo $?; [[ a < b ]]; echo $?; [[ 2 < 10 ]]; echo $?; [[ 2 -lt 10 ]]; echo $?; [[ 1+1 -eq 2 ]]; echo $?; x=5; [[ x -gt 3 ]]; echo $?'),
  // test/[ and [[ share bash's file operators (unary_test): a directory has a size, -O/-G name the owner, -b… exist.
  bash('{ [ -s /tmp ]; echo $?; [ -O /tmp ]; echo $?; [ -b /tmp ]; echo $?; [[ -s /tmp ]]; echo $?; [ -q x ]; echo $?; } 2>&1'),
  bash('[[ -n "" || -z "" ]]; echo $?; [[ ! -d /etc ]]; echo $?; [[ (1 -eq 1) && ! (2 -lt 1) ]]; echo $?; x="a b"; [[ $x == "a b" ]] && echo eq; [[ -z $y ]] && echo empty; [[ $x != a* ]]; echo $?'),
  bash('[[ -d /etc ]] && echo dir; [[ -e /nope ]] || echo none; [[ -f /etc ]]; echo $?; [[ -v HOME ]]; echo $?; [[ -v nope ]]; echo $?'),
  bash('{ [[ 1 -eq 1x ]]; echo $?; } 2>&1'), bash('[[ a b ]]'), bash('[[ a == ]]'), bash('[[ -z ]]'), bash('[[ ( a ]]'), bash('[[ a ) ]]'), bash('[[ a > b c ]]'),
  bash('echo $((08))'), bash('echo $((2#101)) $((16#ff)) $((36#Z)) $((64#@)) $((0X1f)) $((010)) $((0x))'), bash('echo $((1 + 2x))'), bash('echo $((65#1))'), bash('echo $((2#))'),
  bash('set -e; false || echo ok; if false; then :; fi; ! true; f() { false; echo in-f; }; f && echo and; false; echo notreached'),
  bash('set -e; false && true; echo a; x=$(false); echo b; true && false; echo c'),
  bash('set -e; (false; echo no); echo after'),
  bash('set -o pipefail; false | true; echo $?; true | (exit 3) | true; echo $?; set +o pipefail; false | true; echo $?; true | false; echo "${PIPESTATUS[@]}"'),
  bash('{ set -x; echo "a b" c "" x=1; y=2; z=$(echo hi); set +x; echo done; } 2>&1'),
  bash('{ set -q; echo $?; set -o bogus; echo $?; set -- a b; echo $#; set -e x y z; echo $# $1; } 2>&1'),
  bash("{ trap 'echo e' ERR; trap 'echo int' INT TERM; trap -p; trap - TERM; trap -p TERM INT; false; echo $?; (trap 'echo sub' EXIT; echo in); trap 'x' FOO; echo $?; trap 5; echo $?; } 2>&1"),
  bash('IFS=: read -r a b <<< "k:v:w"; echo "[$a][$b]"; IFS=: read -r a b c <<< "k::v"; echo "[$a][$b][$c]"; IFS=", " read -r a b <<< "x , y , z "; echo "[$a][$b]"'),
  bash('read -r a b <<< "  x   y  z  "; echo "[$a][$b]"; IFS=: read -r a <<< ":x:"; echo "[$a]"; IFS=: read -r a b <<< "x:y:"; echo "[$a][$b]"; IFS= read -r a <<< "  x  "; echo "[$a]"'),
  bash("printf 'k=v\\n# c\\nk2=v2\\n' | grep -v '^#' | while IFS='=' read -r k v; do echo \"$k -> $v\"; done"),
  // Field splitting by a custom IFS (bash 5.2 subst.c): IFS whitespace vs other IFS characters, "$*" and ${a[*]} joined by IFS's first character.
  bash('p() { printf "<%s>" "$@"; echo " $#"; }; v=::; IFS=:; p $v; v=a:; p $v; v=:a; p $v; v=a::b; p $v; p $v""; v="a : b"; p $v; IFS=": "; p $v; v=" a  :: b "; p $v; p x$v; p "$v"'),
  bash('p() { printf "<%s>" "$@"; echo " $#"; }; IFS=:; set -- "a b" c ""; p $*; p $@; p "$*"; p "$@"; a=(x:y "z w"); p ${a[@]}; p ${a[*]}; p "${a[*]}"; x=$*; echo "[$x]"; x=$@; echo "[$x]"; y=${a[*]}; echo "[$y]"'),
  bash('IFS=,; x="1,2,,3"; for i in $x; do echo "[$i]"; done; IFS=:; P=/usr/local/bin:/usr/bin:/bin; for p in $P; do echo "$p"; done; unset IFS; v=" a	b\nc "; set -- $v; echo $#'),
  bash('p() { printf "<%s>" "$@"; echo " $#"; }; IFS=; v="a b"; p $v; a=(p q); p ${a[*]} "$*"; IFS=:; v=a:b; p $v$v; p $v"x"$v; a="x "; b=":y"; IFS=": "; p $a$b; IFS=, read -r k w <<< "1,2,3"; echo "[$k][$w]"; echo "$IFS"'),
  bash('IFS=$\'\\n\'; for l in $(printf "a b\\nc d\\n"); do echo "[$l]"; done; old=$IFS; IFS=-; v=a-b; echo $v; set -- $v; echo $2; IFS=$old; echo $v'),
  // getopts (builtins/getopts.def): OPTARG, OPTIND, grouped options, silent mode, error texts.
  bash('f() { OPTIND=1; while getopts "ab:c" opt; do echo "opt=$opt OPTARG=${OPTARG-unset} OPTIND=$OPTIND"; done; echo "end $? OPTIND=$OPTIND opt=$opt"; shift $((OPTIND-1)); echo "rest: $*"; }; { f -a -b val -c file1; f -ab val x; f -bval -x -- -a; f -b; } 2>&1'),
  bash('g() { OPTIND=1; while getopts ":ab:" opt; do echo "opt=$opt OPTARG=${OPTARG-unset}"; done; }; g -x -b; g -a x -b; OPTIND=1; OPTERR=0; getopts a o -z; echo "$? $o"; set -- -q; OPTIND=1; getopts q o; echo "$? $o $OPTIND"'),
  bash('getopts'), bash('getopts a'), bash('getopts -z'), bash('getopts a 1x'),
  // declare / typeset / local / readonly / export -p (builtins/declare.def).
  bash('declare -i n=2+3; echo $n; n+=4; echo $n; n="x"; echo $n; x=7; n=x*2; echo $n; declare -p n; declare -i a=1 b; b=a+1; echo $b; declare +i b; b=a+1; echo $b'),
  bash('{ declare -r r=1; declare -p r; (r=2; echo "st $?"); echo "sub $?"; r=3 true; echo "st2 $?"; declare r=4; echo "st3 $?"; unset r; echo "unset $?"; readonly q; declare -p q; x=1; readonly x; readonly x=2; } 2>&1'),
  bash('s="a\\\"b\\$c"; declare -p s; declare -x e=1; declare -p e; export -p | grep " e="; declare -a a=(1 "2 3"); declare -p a; declare -ir ri=3; declare -p ri; declare -i j; declare -p j; declare k; declare -p k; typeset -p s; v="a\nb"; declare -p v; declare -p nope'),
  bash('readonly r=1; r=2; echo notreached'), bash('declare -z'), bash('typeset -z'), bash('readonly -z'), bash('export -z'), bash('local -z'), bash('declare 1x=2'), bash('readonly 1x'),
  bash('h(){ local -r lr=1; declare -p lr; local y; echo "[${y-unset}]"; local -a la=(p q); declare -p la; local z=1; local z; echo $z; }; h; declare -p lr'),
  bash('export E; export -p | grep -w E; declare -p E; declare -x -i X=3+4; declare -p X; export -p | grep X=; export A=1; declare +x A; declare -p A; declare -a b; declare -p b; b[2]=x; declare -p b; declare -ai c=(1+1 3); declare -p c'),
  bash('declare -i n; n=08; echo notreached'), bash('f(){ :; }; g(){ :; }; declare -F; declare -F f; declare -F nope; echo $?; declare -r | grep -c " r="'),
  // Associative arrays: keys listed in bash's hash order (hashlib.c), [k]=v and k v pairs, += and unset of one key.
  bash('declare -A m=([k]=v ["x y"]=z [a]=1 [b]=2 [web]=3 [db]=4); echo "${!m[@]}"; echo "${m[@]}"; m[zz]=9; echo "${!m[@]}"; declare -p m; echo ${#m[@]}; k=a; echo ${m[$k]} ${m[k]} ${m[nope]-unset}; unset "m[a]"; echo "${!m[@]}"'),
  bash('declare -A e; e[one]=1; e[two]=2; e[three]=3; for k in "${!e[@]}"; do echo "$k=${e[$k]}"; done; m=([q]=1); declare -A m=([q]=1); declare -p m; declare -A n=(a 1 b 2); declare -p n; declare -A e2; declare -p e2'),
  bash('declare -A c; for w in a b a c a; do c[$w]=$(( ${c[$w]:-0} + 1 )); done; declare -p c; c[a]+=x; echo ${c[a]}; declare -A h=([é]=1 [ü]=2 [pod-1]=3 [web.default]=4); echo ${!h[@]}; declare -p h'),
  bash('{ a=(1); declare -A a; echo $?; declare -p a; x=1; declare -A x; declare -p x; } 2>&1'),
  bash('a=([2]=x [5]=y z); declare -p a; echo ${#a[@]}; f(){ local -A l=([p]=1); declare -p l; }; f; declare -p l'),
  // busybox ash, the shell of the busybox image (kubectl exec / run -it -- sh): case, functions, read, $(( )), positional parameters, error texts.
  ash('case abc in a*) echo A;; b*) echo B;; esac; case "x y" in "x y") echo q;; esac; case ab in "a"*) echo qa;; esac; p="a*"; case ab in $p) echo pv;; esac; case ab in "$p") echo pq;; esac; case x in (x) echo paren; esac; case a in b) ;; esac; echo $?'),
  ash('for f in a.yaml b.txt c.yml; do case "$f" in *.yaml|*.yml) echo "yaml $f";; *) echo "other $f";; esac; done'),
  ash('case $HOSTNAME in\n  web-*)\n    echo web\n    ;;\n  *)\n    echo other\n    ;;\nesac'),
  ash('f() { echo "f:$1:$#:$*"; return 3; }; f a b; echo $?; g() { local v=1; echo $v; }; v=0; g; echo $v; h(){ local x; echo "[$x]"; }; x=5; h; k(){ return; }; false; k; echo $?'),
  ash('x=1; f(){ x=2; }; f; echo $x; set -- a b c; echo $# $2; shift; echo $@; set -- a "b c"; for i in "$@"; do echo "<$i>"; done; echo "$#" "${2}"; shift 5; echo $?'),
  ash('greet()\n{\n  echo "hello $1"\n}\ngreet world; { echo in-group; echo two; } | cat'),
  ash('printf "a b\\nc d\\n" | while read x y; do echo "[$y][$x]"; done; echo "k:v" | { IFS=: read -r a b; echo "$a-$b"; }; printf "x\\ny" | while read l; do echo "<$l>"; done'),
  ash('for i in 1 2; do echo $i; done > /tmp/s7-bb; while read l; do echo "<$l>"; done < /tmp/s7-bb; rm -f /tmp/s7-bb'),
  ash('echo $((2**10)) $((7>3)) $((1==1&&0)) $((x=5)) $x $((x+=2)) $((x++)) $x $((0x10)) $((010)) $(( (1+(2))*3 )); i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; echo $i'),
  ash('echo $((1+))'), ash('echo $((1/0)); echo notreached'), ash('echo $(( 5 % 0 ))'), ash('echo $((a b))'),
  ash('fi'), ash('if true; then echo; fi fi'), ash('case x in'), ash('f() { echo; '), ash('while true; do'), ash('nosuch'), ash('local x=1'),
  // (( )) and $(( )) errors: the expression less its leading blanks, the error token from the failing token on; `((: ` names the command.
  bash('{ (( 1 + )); echo $?; ((  1 + )); echo $?; (( 1/0 )); echo $?; for ((i=0; i<+; i++)); do :; done; echo $?; let "1 +"; echo $?; } 2>&1'),
  bash('echo $(( 1 + ))'), bash('echo $((1 +))'), bash('echo $((1 * (2 + )))'), bash('echo $(( + ))'), bash('echo $((1 + * 2))'), bash('echo $((  3 -  ))'), bash('echo $((x=))'),
  // Jobspecs without jobs; a last line without its newline through head and tail.
  bash('{ wait %+; echo $?; wait %1; echo $?; wait %; echo $?; kill %sl; echo $?; kill %?x; echo $?; kill %+; echo $?; jobs %+; echo $?; } 2>&1'),
  bash("printf 'a\\nb' | head -n 5 | wc -c; printf 'a\\nb' | head -n 2 | wc -c; printf 'a\\nb' | head -2 | wc -c; printf 'a\\nb' | head | wc -c; printf 'a\\nb' | tail -n 1 | wc -c; printf 'a\\nb\\nc' | head -n 2 | wc -c"),
  // head and tail counts (coreutils 9.1).
  bash("printf 'a\\nb\\nc\\n' | head -n -1; printf 'a\\nb\\nc' | head -n -1; printf 'a\\nb\\nc\\n' | head -n -0; printf 'a\\nb\\nc\\n' | head --lines=-2; printf 'a\\nb\\nc\\n' | head -n +2"),
  bash("printf 'a\\nb\\nc\\n' | head -c -2; printf 'a\\nb\\nc\\n' | head -c 3; seq 3000 | head -n 1KB | wc -l; seq 3000 | head -n 2b | wc -l; seq 3000 | head -n 1k | wc -l"),
  bash("printf 'a\\nb\\nc\\n' | head -n x"), bash("printf 'a\\nb\\nc\\n' | head -n -x"), bash('seq 3 | head -c x'), bash("seq 3 | tail -n ''"),
  bash("printf 'a\\nb\\nc\\n' | tail -n +2; printf 'a\\nb\\nc\\n' | tail -n +0; printf 'a\\nb\\nc\\n' | tail -n -1; printf 'a\\nb\\nc' | tail -n 1; printf 'a\\nb\\nc\\n' | tail -n 0; printf 'a\\nb\\nc\\n' | tail +2"),
  bash("printf 'a\\nb\\nc\\n' | tail -2; printf 'a\\nb\\nc\\n' | tail -c +3; printf 'a\\nb\\nc\\n' | tail -c 3; printf 'a\\nb\\nc\\n' | tail -n 2b"),
  // local and declare in functions, "$*" with IFS, (( )), for (( )), $'…', let, mapfile, tac, rev.
  bash('f() { local x=1; echo $x; }; x=2; f; echo $x; g(){ local y; echo "[$y]"; y=3; h; }; h(){ echo "h$y"; }; y=2; g; echo $y'),
  bash('f(){ local -a a=(1 2); declare b=5; echo ${a[1]} $b; }; a=(9); b=0; f; echo ${a[@]} $b; k(){ declare -g gx=1; }; k; echo $gx'),
  bash('{ local x=1; echo $?; } 2>&1'), bash('f(){ local n=$1; (( n <= 1 )) && { echo 1; return; }; echo $(( n * $(f $((n-1))) )); }; f 5'),
  bash('set -- a "b c"; for a; do echo "<$a>"; done; echo "$*"; IFS=,; echo "$*"; a=(x y); echo "${a[*]}"; IFS=; echo "$*"'),
  bash('i=0; ((i++)); ((i+=2)); echo $i; if (( i > 2 )); then echo big; fi; (( 0 )); echo $?; x=3; (( x > 2 && x < 5 )) && echo in; (( y = x * 2 )); echo $y'),
  bash('for ((i=0; i<3; i++)); do echo $i; done; for (( ; ; )); do echo inf; break; done; for ((i=0;i<2;i++)) { echo b$i; }'),
  bash("echo $'a\\tb\\x41\\101\\u00e9' \"$'x'\"; echo $'it\\'s'; let x=2+3; echo $x; let y=0; echo $?"),
  bash('mapfile -t arr < <(printf "a\\nb\\n"); echo ${#arr[@]} ${arr[1]}; printf "%s\\n" {1..3} | tac; printf "a\\nb" | tac; echo; echo abc | rev; printf "ab\\ncd" | rev'),
  // The loops and one-liners of Kubernetes tutorials.
  bash('for i in {1..10}; do echo -n "$i "; done; echo; for i in {01..03} {a..c} {5..1..2}; do echo $i; done'),
  bash('echo $(( 3 * (4 + 2) / 5 )) $((10 % 3)) $((2**10)); printf \'%s\\n\' a b "c d"; printf \'%-10s|%5d|%05.2f\\n\' name 42 3.14159; printf \'%s=%s\\n\' k1 v1 k2'),
  bash("printf 'a b\\nc d\\n' | while read -r x y; do echo \"[$y][$x]\"; done; tr a-z A-Z <<< \"here string\"; read -r v <<< \"one two\"; echo \"$v\""),
  bash('cat <<EOF\nhello $((1+1)) $(echo sub)\nEOF\ncat <<\'EOF\'\nraw $HOME\nEOF'),
  bash("printf 'a\\nb\\nc\\n' | xargs -n1 echo item; printf 'a b c d' | xargs -n2; printf 'b\\na\\nb\\nc\\nb\\na\\n' | sort | uniq -c | sort -rn"),
  bash("printf 'foo bar\\nbaz\\nfoo\\n' | grep -c foo; printf 'a1b22c333\\n' | grep -o '[0-9]\\+'; printf 'ab\\ncd\\n' | grep -E 'a|c'; printf 'ab\\ncd\\n' | grep -v a; printf 'foo food\\n' | grep -wo foo"),
  bash("printf 'pod-1 Running 3\\npod-2 Pending 0\\n' | awk '{print $1}'; printf 'root:x:0:0\\n' | awk -F: '{print $1, $3}'; printf '1\\n2\\n3\\n' | awk '{s+=$1} END {print s, NR}'"),
  // sed's address ranges (kubectl get -o yaml | sed -n '/containerStatuses/,/qosClass/p').
  bash("printf 'a\\nstart\\nb\\nend\\nc\\nstart\\nd\\n' > r; sed -n '/start/,/end/p' r; sed -n '2,4p' r; sed -n '/start/,$p' r; sed -n '3,1p' r; sed -n '/b/,2p' r; sed '/start/,/end/d' r; sed -n '2,/c/p' r; sed -n '1,p' r"),
  // GNU sed 4.9's script language (engine/shell/commands/sed.ts): `!`, blocks, a/i/c, y, the hold space, n N D P, =, l, labels and branches,
  // first~step, 0,/re/ and addr,+N, q/Q, s's flags and case conversions, r/R/w, -i, -s, -z, -f, #n, and the compiler's error texts.
  bash("printf '#c\\na\\nb\\n' | sed '/^#/!s/a/b/'; printf 'x\\ny\\n' | sed -n '/x/!p'; seq 5 | sed '2,4!d'; seq 3 | sed -n '$!p'; seq 3 | sed -n '1 ! p'"),
  bash("printf 'a\\nstart\\nfoo\\nbar\\nend\\nfoo\\n' | sed -n '/start/,/end/{/foo/p}'; seq 6 | sed -n '2,5{/3/d;p}'; seq 2 | sed -n '{p;p}'; seq 3 | sed '2{s/2/two/;s/two/TWO/}'; seq 3 | sed -n '/1/,/3/{\n/2/p\n}'; seq 4 | sed -n '2,3{p};$p'"),
  bash("seq 3 | sed '2a after'; seq 3 | sed '2i\\\nbefore'; seq 3 | sed '$a end'; seq 3 | sed '1i top'; seq 4 | sed '2,3c X'; seq 3 | sed '2c\\\nchanged'; seq 3 | sed '2!c X'"),
  bash("seq 2 | sed 'a\\  two'; seq 2 | sed '1a foo; p'; seq 2 | sed '1a\\\nl1\\\n  l2'; seq 2 | sed -e '1a\\' -e '  next'; seq 3 | sed -n '2{i x\n}'; seq 2 | sed '1a one\\ttab'; printf 'a' | sed 'a x'; printf 'a' | sed p; printf 'a\\nb' | sed '$!d'"),
  bash("echo hello | sed 'y/abcdefghij/ABCDEFGHIJ/'; echo 'a/b' | sed 'y,/,|,'; echo 'a b' | sed 'y/ /\\n/'; echo 'héllo' | sed 'y/é/e/'; echo 'a\\b' | sed 'y/\\\\/x/'"),
  bash("seq 3 | sed -n '1!G;h;$p'; seq 3 | sed x; seq 2 | sed G; seq 3 | sed -n 'H;${x;s/\\n/,/g;p}'; seq 3 | sed -n 'h;g;p'; seq 2 | sed 'z;s/^$/empty/'"),
  bash("seq 5 | sed 'n;d'; seq 5 | sed '$!N;s/\\n/ /'; seq 5 | sed 'N;P;D'; seq 3 | sed -n '$='; seq 3 | sed =; seq 3 | sed N; seq 3 | sed -n 'N;p'; seq 4 | sed -n 'n;p'; printf 'a\\nb\\nc\\n' | sed '1{N;D}'"),
  bash("printf 'a\\tb\\\\c\\001\\n' | sed -n l; echo 'héllo' | sed -n l; printf '%075d\\n' 0 | sed -n 'l;l 20;l 0'; printf 'ab\\n' | sed -n 'l 1'; seq 2 | sed -n '$!{N;l}'"),
  bash("seq 5 | sed ':a;N;$!ba;s/\\n/ /g'; printf 'a b c\\n' | sed ':x;s/ /_/;tx'; printf 'ab\\ncd\\n' | sed '/a/Tskip;s/$/!/;:skip'; seq 3 | sed -n '2{p;b};p'; seq 3 | sed 'bend;s/./x/;:end'; printf 'aa\\nb\\n' | sed 's/a/x/;ta;s/$/-/;b;:a;s/$/+/'; seq 3 | sed -e ':a' -e '$!{N;ba' -e '}' -e 's/\\n/+/g'"),
  bash("seq 10 | sed -n '1~3p'; seq 10 | sed -n '0~4p'; seq 6 | sed -n '2,+2p'; seq 10 | sed -n '5,~4p'; seq 10 | sed -n '4,~4p'; printf 'x\\nx\\ny\\n' | sed '0,/x/s//X/'; printf 'x\\nx\\n' | sed '1,/x/s/x/X/'; seq 7 | sed -n '/2/,+1p'; seq 5 | sed -n '2,1p'; seq 5 | sed -n '$,/x/p'; seq 3 | sed -n '2,+0p'; seq 6 | sed '2~2d'"),
  bash("seq 5 | sed 3q; seq 5 | sed -n '2{p;q}'; seq 5 | sed 2Q; seq 3 | sed '2q5'; echo \"rc=$?\"; seq 3 | sed 'Q 7'; echo \"rc=$?\"; seq 3 | sed '1{a x\nq}'; seq 3 | sed -n '$p;2q'"),
  bash("echo aaa | sed 's/a/b/2'; echo aaaa | sed 's/a/b/2g'; echo Hello | sed 's/hello/X/I'; echo 'foo bar' | sed 's/\\(foo\\) \\(bar\\)/\\U\\2\\E \\u\\1/'; echo 'FOO bar' | sed -E 's/(\\w+) (\\w+)/\\L\\1 \\U\\2/'; echo abc | sed -E 's/(a)|b/[\\1]/g'; echo baaac | sed 's/a*/x/g'; echo abc | sed 's/x*/-/g'; echo hi | sed 's/hi/a\\tb\\nc/'; printf 'a\\nb\\n' | sed 'N;s/a$/A/M'; echo 'a.b' | sed 's/\\./[&]/;s/b/\\&/'; echo abc | sed 's|b|/|'; echo xyz | sed -n 's/y/Y/gp'"),
  bash("printf 'r1\\nr2\\n' > /tmp/sedr; seq 2 | sed '1r /tmp/sedr'; seq 2 | sed 'r /nope'; seq 3 | sed '0r /tmp/sedr'; seq 3 | sed 'R /tmp/sedr'; seq 3 | sed -n '2w /tmp/sedw'; cat /tmp/sedw; seq 2 | sed 's/1/one/w /tmp/sedw'; cat /tmp/sedw; echo x | sed 's/x/y/w /dev/stdout'; seq 2 | sed -n '1W /dev/stdout'; seq 2 | sed F; seq 1 | sed '1r /tmp/sedr' | sed '$a z'; rm /tmp/sedr /tmp/sedw"),
  bash("printf 'a\\nb\\n' > /tmp/sedi; sed -i 's/a/A/' /tmp/sedi; cat /tmp/sedi; sed -i -e '1i top' /tmp/sedi; cat /tmp/sedi; sed -n -i 2p /tmp/sedi; cat /tmp/sedi; printf '1\\n2\\n' > /tmp/sedj; sed -i '$d' /tmp/sedi /tmp/sedj; cat /tmp/sedi /tmp/sedj; rm /tmp/sedi /tmp/sedj"),
  bash("seq 3 | sed -ne 2p; seq 3 | sed --quiet -e '$p'; seq 3 | sed -n -e 1p -e 3p; seq 3 | sed --expression=2d; echo abbc | sed -E 's/(b+)/<\\1>/'; echo abbc | sed -r 's/b{2}/B/'; seq 3 | sed '#n\n2p'; printf '#n\\n2p\\n' > /tmp/seds; seq 3 | sed -f /tmp/seds; seq 3 | sed -nf /tmp/seds; rm /tmp/seds; printf 'a\\0b\\0' | sed -z 's/^/>/' | tr '\\0' '\\n'; seq 3 | sed -n -- 2p"),
  bash("printf '1\\n2\\n' > /tmp/sf1; printf '3\\n' > /tmp/sf2; sed -n '$p;1p' /tmp/sf1 /tmp/sf2; sed -s -n '$p' /tmp/sf1 /tmp/sf2; sed = /tmp/sf1 /tmp/sf2; sed F /tmp/sf1; printf 'x' > /tmp/sf3; sed p /tmp/sf3 /tmp/sf2; echo 0 | sed 'p' - /tmp/sf2; rm /tmp/sf1 /tmp/sf2 /tmp/sf3"),
  // POSIX BREs (sed, grep, expr): ^ and $ anchor only at the ends of the pattern, a group or a branch; a leading ] is in its bracket list.
  bash("echo 'a]b' | sed 's/[]]/X/'; echo 'a^b' | sed 's/a^b/X/'; echo 'a$b' | sed 's/a$b/X/'; echo ab | sed 's/\\(^a\\)/[\\1]/'; echo ab | sed 's/b$\\|x/Y/'; echo 'a^b' | grep 'a^b'; echo 'a$b' | grep -c 'b$'; echo 'a]b' | grep -o '[^]a]'; expr 'a^b' : 'a^b'; expr 'a$b' : 'a$b'; echo 'a^b' | sed -E 's/a\\^b/X/'"),
  bash(`for s in '1,p' '/a/!!p' '{p' 'p}' '}' 'pq' 'a' 'y/abc/xy/' 'b x' 'k' ':' ': ' '0,5p' '0p' 'y/a/' 's/a/b/q' 'r' 'w' '1,2q' ':a;N;$!bb' '1~2!{p' 's/a/\\1/' 's/\\(/x/' 's/a/b/gg' 's/a/b/pp' 's/a/b/0' 's/a/b/1/' '+1p' '=x' '1:a' '1}' '/x' 's/a' 'yabc' 'l x' '{p};}' '3#c' '//p' 'p;p # c' 'x;{;p' '1,2,3p' 's/[/x/' '{' 'y/ab/\\n/'; do echo x | sed "$s"; echo "rc=$?"; done 2>&1`),
  bash(`for s in '-E s/(/x/' '-E s/)/x/' '-E s/*/x/' '-n -e {p -e }' '-e a\\\\' '-e s/x/\\\\n/'; do echo x | sed $s; echo "rc=$?"; done 2>&1`),
  bash("{ printf 'p\\nk\\n' > /tmp/sedf; seq 2 | sed -f /tmp/sedf; echo \"rc=$?\"; printf 'p\\n{\\n' > /tmp/sedf; seq 2 | sed -f /tmp/sedf; echo \"rc=$?\"; printf 'p\\n' > /tmp/sedf; seq 2 | sed -f /tmp/sedf -e k; echo \"rc=$?\"; seq 2 | sed -e p -e '{'; echo \"rc=$?\"; seq 2 | sed --sandbox 'w /tmp/x'; echo \"rc=$?\"; seq 2 | sed --sandbox -n '1r /tmp/sedf'; echo \"rc=$?\"; seq 2 | sed --ex=p; rm /tmp/sedf; } 2>&1"),
  bash("cd /tmp; printf 'a\\n' > sedb; sed -i.bak s/a/b/ sedb; cat sedb sedb.bak; sed --in-place='old_*' s/b/c/ sedb; cat sedb old_sedb; sed -i~ s/c/d/ /tmp/sedb; cat /tmp/sedb /tmp/sedb~; rm sedb sedb.bak old_sedb sedb~"),
  bash("{ sed -k; echo \"rc=$?\"; sed -e; echo \"rc=$?\"; sed --foo; echo \"rc=$?\"; sed; echo \"rc=$?\"; sed --help | head -3; sed -f /nope; echo \"rc=$?\"; sed p /tmp; echo \"rc=$?\"; sed -i p /tmp; echo \"rc=$?\"; sed -i p; echo \"rc=$?\"; echo a | sed 'w /nope/x'; echo \"rc=$?\"; echo a | sed p - /nope; echo \"rc=$?\"; sed -i p /nope; echo \"rc=$?\"; } 2>&1"),
  bash("printf 'image: nginx:1.25\\n' | sed -n 's/image: \\(.*\\)/\\1/p'; printf 'a-b-c\\n' | sed 's/-/_/g'; echo 'a b c' | cut -d' ' -f2; echo 'hello world' | tr -d 'o'; printf 'a\\nb\\n' | wc -l"),
  bash("printf 'NAME READY STATUS\\nweb-abc 1/1 Running\\ndb 0/1 Pending\\n' | column -t; printf 'NAME READY\\nweb 1/1\\n\\ndb 0/1\\n' | tail -n +2 | column -t -s' ' -o'|'"),
  bash("seq 3 | paste -sd, ; printf '1\\n2\\n3\\n4\\n' | paste - -; printf 'a\\nb\\n' | paste -s; printf 'a\\nb\\n' | paste -d: - -"),
  bash('basename /a/b.yaml .yaml; basename -a /x/y /z/; basename -s .y a.y b.y; dirname a /a/b / a/b/'), bash('basename'), bash('basename a b c'), bash('dirname'),
  bash('name=web-7d4b9c; echo ${name%-*} ${name#*-} ${name/web/api} ${name^^}; count=0; for i in $(seq 1 5); do count=$((count + i)); done; echo $count'),
  bash('n=0; until [ $n -ge 3 ]; do n=$((n+1)); echo try $n; done; i=0; while true; do i=$((i+1)); [ $i -ge 3 ] && break; done; echo $i; echo "a b" | { read x y; echo "$y-$x"; }'),
  // Parameter expansion and the shells' own error texts inside containers (kubectl exec POD -- sh -c LINE).
  ...shells('x=abcabc; echo ${x#a} ${x##*b} ${x%c} ${x%%b*} ${#x} ${x:-d} ${y:-d} ${y-d} ${y:=q} $y ${z=r} $z; e=; echo "[${e:-d}][${e-d}][${e:+s}][${x:+s}][${u+s}]"; echo ${1:-one} ${#} "${x#"ab"}"'),
  ...shells('p=web-7d4b9c-x2k; echo ${p%-*} ${p%%-*} ${p#*-} ${p##*-}; f=/etc/nginx/nginx.conf; echo ${f##*/} ${f%/*} ${f%.conf}; v=1.25.3; echo ${v%.*} ${v#*.}; n=; echo ${n:-${p%%-*}}; echo ${#f} ${#n}'),
  ...shells('x=abc; echo ${x/b/B}'), ...shells('x=abcdef; echo ${x:1:2}'), ...shells('echo ${x:?}; echo after'), ...shells('echo ${x:?is unset}; echo after'), ...shells('x=; echo ${x?}ok; echo ${x:?}'),
  ...shells('foo; echo $?'), ...shells('echo a\nfoo\nbar'), ...shells('cd /nope; echo $?'), ...shells('echo a\ncd /nope'),
  ...shells('if then'), ...shells('fi'), ...shells('case x in'), ...shells('f() { echo'), ...shells('while true; do'), ...shells('echo "abc'), ...shells("echo 'abc"), ...shells('echo a; done'), ...shells('if true; then fi'), ...shells('while true; do done'), ...shells('echo $((1 2))'),
  ...shells('echo $((1/0)); echo after'), ...shells('echo $((1+))'), ...shells('echo $((a b))'), ...shells('echo $((5 % 0))'),
  ...shells('local x=1'), ...shells('exit 3'), ...shells('echo a; exit; echo b'),
  // echo's options and escapes (the documentation's downward-API pods run `echo -en '\n'` in busybox): busybox and bash take -n/-e/-E in any
  // combination and read escapes only with -e; dash takes only -n and always reads them.
  ...shells("echo -en 'a\\nb'; echo; echo -e 'y\\tz'; echo -E 'q\\n'; echo -n -e 'c\\n'; echo -x -n; echo 'p\\nq'; echo -ne 'o\\0101\\c'; echo; echo -e '\\x41'"),
  // (busybox's own wc is compared in engine/kubelet/shell-dialects.test.ts: `busybox sh` here would run the host's GNU wc.)
  dash("printf 'a b\\nc\\n' > /tmp/w; wc -l /tmp/w; wc /tmp/w; wc -l /tmp/w /tmp/w; wc -c < /tmp/w; cat /tmp/w | wc; cat /tmp/w | wc -w; wc -l /nope; echo $?; rm /tmp/w"),
  dash('ls /nope; echo $?'), dash('cat /nope /etc; echo $?'), dash('touch /nope/x; echo $?'), dash('mkdir /tmp; echo $?; mkdir /nope/x; echo $?'), dash('rm /nope; echo $?; rm /tmp; echo $?'), dash('sleep x; echo $?'),
  // declare -f, type and command -V print a function as bash's print_cmd.c lays it out, whatever its source looked like.
  bash('f() { echo hi; local x=1; if [ -n "$x" ]; then echo yes; fi; }; declare -f f; type f; declare -F; declare -f nope; echo $?'),
  bash('a() { if true; then echo 1; elif false; then echo 2; else echo 3; fi; }; b() { while read l; do echo "$l"; done < /etc/hosts; until false; do break; done; }; declare -f a b'),
  bash('c() { case "$1" in a|b) echo ab ;; *) echo other ;& x) echo x;; (y) ;; esac; }; declare -f c; command -V c'),
  bash('d() { [[ -n $x && $y == z* ]] && echo ok || echo no; (( i++ )); ((j--)); for ((i=0;i<3;i++)); do :; done; for (( ; ; )); do break; done; }; declare -f d'),
  bash('e() { echo hi > /tmp/x 2>&1; echo >&2; echo 1>out 0<in <&3 2>&- >>f &>all <<<"w"; cat <<EOT\nbody $x\nEOT\necho done; }; declare -f e'),
  bash("e() { cat <<'Q'\nx\nQ\ncat << \"R\" >o\ny\nR\n}; declare -f e"),
  bash('g() ( echo sub ); h() { { echo grp; } | cat; ( a; b ); true & echo bg; ! false; x=1 y=2 env; local -a arr=(1 2); echo "$(date)" `pwd`; }; declare -f g h'),
  bash("function k { echo kw; }; m() { f2() { echo inner; }; f2; }; n() { echo a && { echo b || echo c; }; echo d | grep d | wc -l; while :; do break; done & }; declare -f k m n"),
  bash("p() { [[ $x ]]; [[ ( $a == b || $c ) && $d ]]; ! [[ -z x ]]; [[ a < b ]]; for x; do echo $x; done; for y in a \"b c\"; do :; done; }; q() { :; } > /tmp/log; declare -f p q; declare -f"),
  bash("r() { echo $'tab\\there' \"it's\" 'single'; if a; then b; fi; if c; then d; else e; fi > /tmp/z; }; declare -f r"),
  // head -c and tail -c in a Debian image's shell (GNU coreutils), e.g. the first bytes of a mounted CA certificate.
  dash("printf 'hello\\nworld\\n' > /tmp/h; head -c 3 /tmp/h; echo; tail -c 4 /tmp/h; printf 'abc' | head -c2; echo; head --bytes=4 /tmp/h; echo; tail -c 0 /tmp/h; rm /tmp/h"),
];
