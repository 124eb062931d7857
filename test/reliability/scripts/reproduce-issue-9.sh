#!/bin/bash
# Re-runs the reproductions of issue 9 ("Never lose a byte") against bin/fanjian.js, as the issue states them,
# and prints one line per check: item, what ran, exit code, time, peak memory, data intact, first message line.
# Not part of `npm test` (some steps need root, mount, several hundred MB and minutes); run by hand:
#   bash test/reliability/scripts/reproduce-issue-9.sh [BIG_MB]     (BIG_MB: size of the big inputs, default 20)
set -u
REPO=$(cd "$(dirname "$0")/../../.." && pwd)
F="node $REPO/bin/fanjian.js"
BIG=${1:-20}
W=$(mktemp -d "${TMPDIR:-/tmp}/fanjian-issue9.XXXXXX")
cd "$W" || exit 1
trap 'cd /; umount "$W/S" 2>/dev/null; rm -rf "$W"' EXIT
sum() { find "$@" -type f -print0 2>/dev/null | sort -z | xargs -0 md5sum 2>/dev/null | md5sum | cut -c1-8; }
# run ITEM LABEL CMD...: exit code, seconds, peak MB, first stderr line
run() {
  local item=$1 label=$2; shift 2
  /usr/bin/time -f '%e %M' -o .time timeout "${T:-120}" "$@" > .out 2> .err; local rc=$?
  read -r secs kb < <(tail -1 .time)
  LAST_RC=$rc
  printf '%-4s| %-58s| rc=%-3s| %6ss | %5s MB | %s\n' "$item" "$label" "$rc" "$secs" "$((kb / 1024))" \
    "$(grep -v '^fanjian: [0-9]* converted' .err | head -1 | cut -c1-150)"
}
intact() { [ "$1" = "$2" ] && echo "     data intact: yes" || echo "     data intact: NO ($1 → $2)"; }

# 1. full disk on a real 1 MB tmpfs
mkdir S
if mount -t tmpfs -o size=1m tmpfs S 2>/dev/null; then
  for i in $(seq 50000); do echo '汉字后来'; done > S/a.txt
  b=$(sum S); run 1 "1 MB tmpfs, 650,000-byte file, --in-place" $F -c s2t --in-place S/a.txt; intact "$b" "$(sum S)"
  ls -a S | grep -c fanjian-tmp | sed 's/^/     temporary files left: /'
  umount S
else echo "1   | tmpfs mount not permitted here"; fi

# 2. --rename homographs
mkdir rr; echo A > rr/發.txt; echo B > rr/髮.txt; echo C > rr/乾.txt; echo D > rr/幹.txt
b=$(sum rr); run 2 "-c t2s --in-place --rename rr (發/髮, 乾/幹)" $F -c t2s --in-place --rename rr; intact "$b" "$(sum rr)"
run 2 "-c t2s --out-dir o2 --rename rr" $F -c t2s --out-dir o2 --rename rr; [ -e o2 ] && echo "     o2 created: yes" || echo "     o2 created: no"

# 3. --backup twice
mkdir b3; echo 汉字 > b3/a.txt
run 3 "--in-place --backup .orig (first run)" $F -c s2t --in-place --backup .orig b3
b=$(sum b3); run 3 "--in-place --backup .orig (second run)" $F -c s2t --in-place --backup .orig b3; intact "$b" "$(sum b3)"
echo "     a.txt.orig: $(cat b3/a.txt.orig)  a.txt.orig.orig exists: $([ -e b3/a.txt.orig.orig ] && echo yes || echo no)"

# 4. truncated UTF-8
printf '这是一个被截断的下载文件，后面还有很多内容\xe6\xb1' > t.txt
b=$(sum t.txt); run 4 "truncated UTF-8, --in-place" $F -c s2t --in-place t.txt; intact "$b" "$(sum t.txt)"

# 5. Shift_JIS, EUC-KR in a folder; short Big5
mkdir e5; printf 'こんにちは、これは日本語の文章です。東京都の天気は晴れです。' | iconv -f UTF-8 -t SHIFT_JIS > e5/ja.txt
printf '안녕하세요. 이것은 한국어 문장입니다. 서울의 날씨는 맑습니다.' | iconv -f UTF-8 -t EUC-KR > e5/ko.txt
b=$(sum e5); run 5 "Shift_JIS + EUC-KR files, --in-place folder" $F -c s2t --in-place e5; intact "$b" "$(sum e5)"
mkdir b5; ok=0; refused=0; n=0
for w in 頭髮 乾淨 發現 臺灣 後來 裡面 樣子 為了 學習 電腦; do
  printf '%s' "$w" | iconv -f UTF-8 -t BIG5 > b5/w.txt; n=$((n + 1))
  out=$($F -c t2s -i b5/w.txt 2>/dev/null); exp=$(printf '%s' "$w" | $F -c t2s)
  if [ "$out" = "$exp" ]; then ok=$((ok + 1)); elif [ -z "$out" ]; then refused=$((refused + 1)); fi
done
echo "5   | short Big5 words: $ok of $n converted correctly, $refused refused (not sure), $((n - ok - refused)) misread"

# 6. user dictionary escaping the tree
mkdir -p d6/in; echo 汉 > d6/in/汉.txt; printf '汉\t../../../escaped\n' > d6/dict.txt
run 6 "--dict '汉<TAB>../../../escaped' --rename --out-dir" $F -c s2t --dict d6/dict.txt --rename --out-dir d6/out d6/in
echo "     files outside the tree: $(find "$W" -name 'escaped*' | wc -l)"
run 6 "same with --in-place --rename" $F -c s2t --dict d6/dict.txt --in-place --rename d6/in
echo "     d6/in: $(ls d6/in)"

# 7. outputs that are not regular files
echo 汉字 > a7.txt; mkfifo f7; ln -s a7target.txt l7; echo 旧 > a7target.txt
run 7 "-o /dev/null" $F -c s2t -i a7.txt -o /dev/null; echo "     /dev/null: $(stat -c %F /dev/null)"
(cat f7 > f7.read &) ; run 7 "-o FIFO" $F -c s2t -i a7.txt -o f7; sleep 0.2; echo "     FIFO still a FIFO: $(stat -c %F f7); read: $(cat f7.read 2>/dev/null)"
run 7 "-o symlink" $F -c s2t -i a7.txt -o l7; echo "     link: $(stat -c %F l7), target holds: $(cat a7target.txt)"
echo 汉字 > a7b.txt; ln -s a7b.txt l7b
run 7 "--in-place on a symlink" $F -c s2t --in-place l7b; echo "     link: $(stat -c %F l7b), target holds: $(cat a7b.txt)"
mkdir d7; run 7 "-o DIR" $F -c s2t -i a7.txt -o d7

# 8. streaming: U+F900 in one long line; U+2FF0 run on stdin
node -e "const fs=require('fs');const u='汉字后来的发展这里并没有于是'.repeat(37450);const fd=fs.openSync('f900.txt','w');const n=Math.floor($BIG*1048576/Buffer.byteLength(u));for(let i=0;i<n;i++){fs.writeSync(fd,u);if(i===n>>1)fs.writeSync(fd,'\uF900');}"
run 8 "$BIG MB line with one U+F900 (file → stdout)" $F -c s2t -i f900.txt
node -e "require('fs').writeFileSync('2ff0.txt','\u2FF0'.repeat(Math.floor($BIG*1048576/3)))"
run 8 "$BIG MB run of U+2FF0 on stdin" bash -c "$F -c s2t < 2ff0.txt"

# 9. documents
node -e "const fs=require('fs');const n=Math.floor($BIG*1048576/11);fs.writeFileSync('deep.html','<html><body>'+'<div>'.repeat(n)+'汉字'+'</div>'.repeat(n));"
run 9 "nested <div> ($BIG MB), default --max-input" $F -c s2t -i deep.html
run 9 "nested <div> ($BIG MB), --max-input 1G" $F -c s2t -i deep.html --max-input 1G
node -e "require('fs').writeFileSync('b.md','['.repeat($BIG*1048576))"; run 9 "Markdown [ × $BIG M, --max-input 1G" $F -c s2t -i b.md --max-input 1G
node -e "require('fs').writeFileSync('q.md','>'.repeat($BIG*1048576)+' 汉')"; run 9 "Markdown > × $BIG M, --max-input 1G" $F -c s2t -i q.md --max-input 1G
node -e "const n=$BIG*524288;require('fs').writeFileSync('a.json','['.repeat(n)+']'.repeat(n))"; run 9 "JSON [ × $BIG/2 M, --max-input 1G" $F -c s2t -i a.json --max-input 1G
node -e "const n=Math.floor($BIG*1048576/6);require('fs').writeFileSync('o.json','{\"a\":'.repeat(n)+'\"汉\"'+'}'.repeat(n))"; run 9 "JSON {\"a\": × $BIG/6 M, --max-input 1G" $F -c s2t -i o.json --max-input 1G
node -e "require('fs').writeFileSync('y.yaml','['.repeat($BIG*1048576))"; run 9 "YAML [ × $BIG M, --max-input 1G" $F -c s2t -i y.yaml --max-input 1G

# 10. signals, memory caps
for i in $(seq 400000); do echo '汉字后来的发展，这里并没有于是。'; done > big10.txt
# Signals are sent on a condition, not after a fixed sleep (conversion keeps getting faster): for repair, once the
# process has read its whole input (the conversion is under way, nothing written yet); for --in-place, once a
# temporary file exists (a file is being written).
# until_ TIMEOUT CMD...: poll CMD every 5 ms until it succeeds (0) or TIMEOUT seconds pass (1).
until_() { local end=$(( $(date +%s%N) + $1 * 1000000000 )); shift; until "$@"; do [ "$(date +%s%N)" -gt "$end" ] && return 1; sleep 0.005; done; }
# read_whole PID FILE: PID has FILE open and has read to its end.
read_whole() { local fd size; size=$(stat -c %s "$2"); for fd in /proc/$1/fd/*; do
  [ "$(readlink "$fd" 2>/dev/null)" = "$W/$2" ] && [ "$(awk '/^pos:/{print $2}' "/proc/$1/fdinfo/${fd##*/}" 2>/dev/null)" = "$size" ] && return 0
done; return 1; }
has_temporary() { ls -a | grep -q fanjian-tmp; }
$F repair -t tw -i big10.txt > /dev/null 2> .err & p=$!
if until_ 60 read_whole $p big10.txt; then t0=$(date +%s.%N); kill -INT $p; wait $p; rc=$?; t1=$(date +%s.%N)
  echo "10  | SIGINT during repair of 17 MB (sent once the input was read): rc=$rc, acted on in $(echo "$t1 - $t0" | bc) s"
else wait $p; echo "10  | SIGINT during repair: NOT TESTED, the input was never seen read whole (rc=$?)"; fi
$F -c s2t < big10.txt > big10.s2t; cp big10.txt big10b.txt; content() { md5sum < "$1" | cut -c1-8; }; b=$(content big10.txt); c=$(content big10.s2t)
$F -c s2t --in-place -j 2 big10.txt big10b.txt 2> .err & p=$!
if until_ 60 has_temporary; then t0=$(date +%s.%N); kill -TERM $p; wait $p; rc=$?; t1=$(date +%s.%N)
  states=""; for f in big10.txt big10b.txt; do s=$(content $f); states="$states $f:$([ "$s" = "$b" ] && echo original || { [ "$s" = "$c" ] && echo converted || echo PARTIAL; })"; done
  echo "10  | SIGTERM during --in-place -j 2 (sent once a temporary file existed): rc=$rc, acted on in $(echo "$t1 - $t0" | bc) s, temporary files left: $(ls -a | grep -c fanjian-tmp);$states"
else wait $p; echo "10  | SIGTERM during --in-place -j 2: NOT TESTED, no temporary file was seen (rc=$?)"; fi
run 10 "repair of $BIG MB × 10 on stdin" bash -c "for i in 1 2 3 4 5 6 7 8 9 10; do cat f900.txt; done | $F repair -t tw"
run 10 "-j 300" $F -c s2t -j 300 -i a7.txt
python3 - <<'PY'
import zipfile
with zipfile.ZipFile('bomb.epub', 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr(zipfile.ZipInfo('mimetype'), 'application/epub+zip')
    z.writestr('META-INF/container.xml', '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="c.opf" media-type="application/oebps-package+xml"/></rootfiles></container>')
    z.writestr('c.opf', '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata/><manifest><item id="b" href="big.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="b"/></spine></package>')
    info = zipfile.ZipInfo('big.xhtml', (2020, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    with z.open(info, 'w', force_zip64=True) as f:
        block = b' ' * (1 << 20)
        for _ in range(600): f.write(block)
PY
run 10 "EPUB with a 600 MB entry" $F -c s2t -i bomb.epub -o bomb-out.epub

# 11. a name that is not UTF-8
mkdir n11; echo 汉 > n11/a.txt; echo 字 > "n11/$(printf 'b\xff.txt')"
run 11 "folder with a non-UTF-8 name, --in-place" $F -c s2t --in-place n11; echo "     a.txt: $(cat n11/a.txt)"

# 12. metadata
echo 汉字 > m12.txt; chown 1234:5678 m12.txt; chmod 640 m12.txt
run 12 "--in-place keeps owner/group/mode" $F -c s2t --in-place m12.txt; echo "     $(stat -c '%u:%g %a' m12.txt): $(cat m12.txt)"
echo 汉字 > h12.txt; ln h12.txt h12b.txt; run 12 "--in-place on a file with 2 hard links" $F -c s2t --in-place h12.txt
echo 汉字 > r12.txt; chmod 444 r12.txt; run 12 "--in-place on a read-only file" $F -c s2t --in-place r12.txt

# 13. --out-dir surprises
mkdir -p o13/x o13/y; echo 汉 > o13/x/a.txt; echo 字 > o13/y/a.txt
run 13 "two a.txt into one --out-dir" $F -c s2t --out-dir o13out o13/x/a.txt o13/y/a.txt
b=$(sum o13); run 13 "--out-dir equal to the input folder" $F -c s2t --out-dir o13/x o13/x; intact "$b" "$(sum o13)"
run 13 "--out-dir inside the input (twice)" $F -c s2t --out-dir o13/out o13; $F -c s2t --out-dir o13/out o13 2>/dev/null
echo "     o13/out/out exists: $([ -e o13/out/out ] && echo yes || echo no)"
mkdir k13; echo 汉 > k13/a.txt; echo 'junk' > k13/.a.txt.0123abcd.fanjian-tmp
run 13 "a temporary file left by kill -9 is not an input" $F -c s2t --in-place k13; echo "     temp file content: $(cat k13/.a.txt.0123abcd.fanjian-tmp)"

# 14. EPUB entry names
python3 - <<'PY'
import zipfile
with zipfile.ZipFile('names.epub', 'w') as z:
    z.writestr(zipfile.ZipInfo('mimetype'), 'application/epub+zip')
    z.writestr('META-INF/container.xml', '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="c.opf" media-type="application/oebps-package+xml"/></rootfiles></container>')
    z.writestr('c.opf', '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>汉</dc:title></metadata><manifest/><spine/></package>')
    z.writestr('__proto__', '原样')
    z.writestr('0', 'zero')
PY
run 14 "EPUB with __proto__ and 0 entries" $F -c s2t -i names.epub -o names-out.epub
python3 -c "import zipfile;print('     entries out:', zipfile.ZipFile('names-out.epub').namelist())" 2>/dev/null
python3 - <<'PY' 2>/dev/null
import zipfile, warnings
warnings.simplefilter('ignore')
with zipfile.ZipFile('dup.epub', 'w') as z:
    z.writestr(zipfile.ZipInfo('mimetype'), 'application/epub+zip')
    z.writestr('a.xhtml', '1'); z.writestr('a.xhtml', '2')
PY
run 14 "EPUB with a duplicate entry name" $F -c s2t -i dup.epub -o dup-out.epub

# 15. messages
node -e "require('fs').writeFileSync('deep.json','['.repeat(100000)+'\"汉\"'+']'.repeat(100000))"; run 15 "deep JSON (100k)" $F -c s2t -i deep.json
printf 'a\xed\xa0\x80b' > s15.txt; run 15 "lone surrogate (CESU bytes) in UTF-8" $F -c s2t -i s15.txt
node -e "process.stdout.write(Buffer.from('\ud800','utf16le'))" > s15b.txt; run 15 "UTF-16 lone surrogate -e utf16le" $F -c s2t -e utf16le -i s15b.txt
printf '汉字\xff\xfe汉字后来的发展这里并没有于是\n' > l15.txt; run 15 "two bad bytes with --lenient" $F -c s2t --lenient -i l15.txt; echo "     out: $(cat .out)"
run 15 "-o DIR" $F -c s2t -i a7.txt -o d7
run 15 "--protect-file /dev/zero" $F -c s2t --protect-file /dev/zero -i a7.txt
printf '\xff\xfe\t\xe6\xb1\x89\n' > bad.dict; run 15 "--dict of invalid UTF-8" $F -c s2t --dict bad.dict -i a7.txt
printf '\xef\xbb' > ef.txt; run 15 "2-byte EF BB file" $F -c s2t -i ef.txt; echo "     out: $(od -An -c .out | head -1)"
mkfifo p15; (echo 汉字 > p15 &); run 15 "FIFO input" $F -c s2t p15; echo "     out: $(cat .out)"
run 15 "<(cmd) input" bash -c "$F -c s2t <(echo 汉字)"; echo "     out: $(cat .out)"
node --input-type=module -e "
import { createConverter } from '$REPO/dist/node/fanjian.js';
try { createConverter('s2t', { dictionaries: [{ '汉': '' }] }); console.log('15  | object dictionary with an empty value: accepted'); }
catch (e) { console.log('15  | object dictionary with an empty value: refused:', e.code, e.message.slice(0, 100)); }"
