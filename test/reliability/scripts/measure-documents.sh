#!/usr/bin/env bash
# Issue 9 item 9 at scale: time and peak memory of each pathological (and one ordinary) document with the limits
# raised, for one built copy of fanjian.
#   bash test/reliability/scripts/measure-documents.sh FANJIAN_DIR WORK_DIR "20 50 200" [CASES]
# STDIN=1 reads each document from standard input (with --format) instead of naming the file. yaml-raised is
# yaml-flat with --max-document 1G.
# Prints: case, MB, exit code, wall s, CPU s (user+sys), max RSS MB, first line of stderr.
set -u
GENERATE="$(cd "$(dirname "$0")" && pwd)/generate-document.mjs"
F="node $(cd "$1" && pwd)/bin/fanjian.js"; W=$2; SIZES=${3:-"20 50"}; CASES=${4:-"html-deep html-flat md-brackets md-quotes md-text md-plain md-refs md-tech md-lists md-pipes md-html md-labels md-items md-inline json-deep json-flat yaml-deep yaml-flat yaml-raised yaml-mixed yaml-docs jsonl csv"}
LIMITS=${LIMITS-"--max-input 1G --max-depth 100000000"}; TIMEOUT=${TIMEOUT:-120}
mkdir -p "$W"; cd "$W" || exit 1
gen() { # case MB -> file name
  local f="$1-$2"
  case $1 in
    html-deep) f=$f.html; [ -e $f ] || node -e "const n=Math.floor($2*1048576/11);require('fs').writeFileSync('$f','<html><body>'+'<div>'.repeat(n)+'汉字'+'</div>'.repeat(n))";;
    html-flat) f=$f.html; [ -e $f ] || node -e "const p='<p>这里的<b>干部</b>并没有于是<a href=\"/x\">软件开发</a>，头发。</p>\n';require('fs').writeFileSync('$f','<html><body>\n'+p.repeat(Math.floor($2*1048576/Buffer.byteLength(p))))";;
    md-brackets) f=$f.md; [ -e $f ] || node -e "require('fs').writeFileSync('$f','['.repeat($2*1048576))";;
    md-quotes) f=$f.md; [ -e $f ] || node -e "require('fs').writeFileSync('$f','>'.repeat($2*1048576)+' 汉')";;
    md-plain) f=$f.md; [ -e $f ] || node -e "const p='## 这里的干部\n\n这里的**干部**并没有于是[软件开发](http://x/)，头发。\n后来的汉字，这是一个很长的段落。\n\n- 列表项目一\n- 列表项目二\n\n';require('fs').writeFileSync('$f',p.repeat(Math.floor($2*1048576/Buffer.byteLength(p))))";;
    md-text) f=$f.md; [ -e $f ] || node -e "const p='这里的干部并没有于是软件开发，头发。\n后来的汉字，这是一个很长的段落。\n\n## 标题\n\n- 列表项目一\n- 列表项目二\n\n';require('fs').writeFileSync('$f',p.repeat(Math.floor($2*1048576/Buffer.byteLength(p))))";;
    json-deep) f=$f.json; [ -e $f ] || node -e "const n=Math.floor($2*1048576/6);require('fs').writeFileSync('$f','{\"a\":'.repeat(n)+'\"汉\"'+'}'.repeat(n))";;
    json-flat|yaml-flat|yaml-mixed|yaml-docs|jsonl|csv|md-refs|md-tech|md-lists|md-pipes|md-html|md-labels|md-items|md-inline) f=$f.${1%%-*}; case $1 in yaml-*) f=$1-$2.yaml;; esac
      [ -e $f ] || node "$GENERATE" $1 $2 $f;;
    yaml-raised) f=$(gen yaml-flat $2);;
    yaml-deep) f=$f.yaml; [ -e $f ] || node -e "const n=Math.floor($2*1048576/2);require('fs').writeFileSync('$f','['.repeat(n)+']'.repeat(n))";;
  esac
  echo $f
}
for c in $CASES; do for mb in $SIZES; do
  f=$(gen $c $mb); extra=""; [ $c = yaml-raised ] && extra="--max-document 1G"
  if [ -n "${STDIN-}" ]; then
    case $f in *.md) fmt=markdown;; *) fmt=${f##*.};; esac
    timeout -s KILL $TIMEOUT /usr/bin/time -v -o time.txt $F -c s2t $LIMITS $extra --format $fmt -o out.tmp <$f 2>err.txt >/dev/null; rc=$?
  else
    timeout -s KILL $TIMEOUT /usr/bin/time -v -o time.txt $F -c s2t $LIMITS $extra -o out.tmp $f 2>err.txt >/dev/null; rc=$?
  fi
  [ $rc = 137 ] && { echo "$c $mb MB: killed after ${TIMEOUT}s"; continue; }
  wall=$(grep 'Elapsed (wall' time.txt | awk '{print $NF}'); u=$(grep 'User time' time.txt | awk '{print $NF}'); s=$(grep 'System time' time.txt | awk '{print $NF}')
  rss=$(grep 'Maximum resident' time.txt | awk '{print int($NF/1024)}')
  printf '%-12s %4s MB rc=%s wall=%s cpu=%.1fs rss=%sMB %s\n' $c $mb $rc $wall $(echo "$u + $s" | bc) $rss "$(grep -v '^Command exited' err.txt | head -1 | cut -c1-160)"
  rm -f out.tmp
done; done
