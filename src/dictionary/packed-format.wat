;; The two hot passes of the packed dictionary decoder (packed-format.ts), in WebAssembly: a page decodes its
;; dictionaries once, on cold code, where JavaScript runs in V8's interpreter for most of the loop (about 120 ms for
;; the s2t group in Chromium, against 6–10 ms once optimised); WebAssembly runs compiled from the first call.
;; The same steps and the same checks as readKeysAndTrie and readValuesAndHead in packed-format.ts, which stay the
;; reference (and the fallback where WebAssembly is missing); the build checks that both decode every shipped file
;; to the same tables. Assembled by the build (src/build/build-wasm.ts, with wabt) into a module embedded in the
;; bundles. Every read and write is checked against the bounds of its region (laid out by packed-format.ts in the
;; imported memory), so damaged data returns an error code (negative) instead of decoding into something else.
(module
  (import "env" "memory" (memory 1))
  ;; where $varint reads next; the separator's index after $copyLine
  (global $pos (mut i32) (i32.const 0))
  (global $lineEnd (mut i32) (i32.const 0))

  ;; A VARINT at $pos, before $end (6 bits a byte, bit 6 set on all but the last): the value, or -1 when damaged or
  ;; above 0x7fffffff (the writer's limit).
  (func $varint (param $end i32) (result i32)
    (local $v i64) (local $shift i64) (local $byte i32)
    (loop $more
      (if (i32.ge_u (global.get $pos) (local.get $end)) (then (return (i32.const -1))))
      (local.set $byte (i32.load8_u (global.get $pos)))
      (global.set $pos (i32.add (global.get $pos) (i32.const 1)))
      (if (i32.or (i32.ge_u (local.get $byte) (i32.const 0x80)) (i64.gt_u (local.get $shift) (i64.const 30)))
        (then (return (i32.const -1))))
      (local.set $v (i64.add (local.get $v)
        (i64.shl (i64.extend_i32_u (i32.and (local.get $byte) (i32.const 0x3f))) (local.get $shift))))
      (local.set $shift (i64.add (local.get $shift) (i64.const 6)))
      (br_if $more (i32.ge_u (local.get $byte) (i32.const 0x40))))
    (if (i64.gt_u (local.get $v) (i64.const 0x7fffffff)) (then (return (i32.const -1))))
    (i32.wrap_i64 (local.get $v)))

  ;; Membership flags (readFlags): runs of (flags, length) into entryFlags, then FLAG_FANJIAN (0x40) and
  ;; FLAG_AMBIGUOUS (0x80) on the listed entries (index gaps), the ambiguous ones also written to $ambiguous.
  ;; Returns their number, or a negative error code: -12 flags, -13 fanjian, -14 candidate entries.
  (func (export "flags")
    (param $n i32) (param $runs i32) (param $runsEnd i32) (param $fanjian i32) (param $fanjianEnd i32)
    (param $listed i32) (param $listedEnd i32) (param $entryFlags i32) (param $ambiguous i32)
    (result i32)
    (local $i i32) (local $flags i32) (local $run i32) (local $count i32)
    (global.set $pos (local.get $runs))
    (block $runsDone
      (loop $runLoop
        (br_if $runsDone (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $flags (call $varint (local.get $runsEnd)))
        (local.set $run (call $varint (local.get $runsEnd)))
        (if (i32.or (i32.or (i32.lt_s (local.get $flags) (i32.const 0)) (i32.gt_u (local.get $flags) (i32.const 0x3f)))
              (i32.or (i32.le_s (local.get $run) (i32.const 0)) (i32.gt_u (local.get $run) (i32.sub (local.get $n) (local.get $i)))))
          (then (return (i32.const -12))))
        (memory.fill (i32.add (local.get $entryFlags) (local.get $i)) (local.get $flags) (local.get $run))
        (local.set $i (i32.add (local.get $i) (local.get $run)))
        (br $runLoop)))
    (if (i32.ne (global.get $pos) (local.get $runsEnd)) (then (return (i32.const -12))))
    (global.set $pos (local.get $fanjian))
    (local.set $i (i32.const -1))
    (block $fanjianDone
      (loop $fanjianLoop
        (br_if $fanjianDone (i32.ge_u (global.get $pos) (local.get $fanjianEnd)))
        (local.set $run (call $varint (local.get $fanjianEnd)))
        (if (i32.or (i32.lt_s (local.get $run) (i32.const 0)) (i32.gt_u (local.get $run) (local.get $n)))
          (then (return (i32.const -13))))
        (local.set $i (i32.add (local.get $i) (i32.add (local.get $run) (i32.const 1))))
        (if (i32.ge_u (local.get $i) (local.get $n)) (then (return (i32.const -13))))
        (i32.store8 (i32.add (local.get $entryFlags) (local.get $i))
          (i32.or (i32.load8_u (i32.add (local.get $entryFlags) (local.get $i))) (i32.const 0x40)))
        (br $fanjianLoop)))
    (global.set $pos (local.get $listed))
    (local.set $i (i32.const -1))
    (block $listedDone
      (loop $listedLoop
        (br_if $listedDone (i32.ge_u (global.get $pos) (local.get $listedEnd)))
        (local.set $run (call $varint (local.get $listedEnd)))
        (if (i32.or (i32.lt_s (local.get $run) (i32.const 0)) (i32.gt_u (local.get $run) (local.get $n)))
          (then (return (i32.const -14))))
        (local.set $i (i32.add (local.get $i) (i32.add (local.get $run) (i32.const 1))))
        (if (i32.ge_u (local.get $i) (local.get $n)) (then (return (i32.const -14))))
        (i32.store8 (i32.add (local.get $entryFlags) (local.get $i))
          (i32.or (i32.load8_u (i32.add (local.get $entryFlags) (local.get $i))) (i32.const 0x80)))
        (i32.store (i32.add (local.get $ambiguous) (i32.shl (local.get $count) (i32.const 2))) (local.get $i))
        (local.set $count (i32.add (local.get $count) (i32.const 1)))
        (br $listedLoop)))
    (local.get $count))

  ;; The alphabet (readAlphabet): unit → symbol (1…), from the $count units in symbol order at $units, into the
  ;; zeroed table at $alphabet (0x10000 u16). Returns 0, or -15 when a unit is listed twice.
  (func (export "alphabet") (param $units i32) (param $count i32) (param $alphabet i32) (result i32)
    (local $i i32) (local $at i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $at (i32.add (local.get $alphabet)
          (i32.shl (i32.load16_u (i32.add (local.get $units) (i32.shl (local.get $i) (i32.const 1)))) (i32.const 1))))
        (if (i32.load16_u (local.get $at)) (then (return (i32.const -15))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (i32.store16 (local.get $at) (local.get $i))
        (br $next)))
    (i32.const 0))

  ;; The units the build marked slow (unit gaps, VARINTS from $list to $end): HEAD_SLOW (0x20000) set in the head
  ;; table at $head. Returns 0, or -16 when damaged.
  (func (export "slow") (param $list i32) (param $end i32) (param $head i32) (result i32)
    (local $unit i32) (local $gap i32)
    (global.set $pos (local.get $list))
    (local.set $unit (i32.const -1))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (global.get $pos) (local.get $end)))
        (local.set $gap (call $varint (local.get $end)))
        (if (i32.or (i32.lt_s (local.get $gap) (i32.const 0)) (i32.gt_u (local.get $gap) (i32.const 0xffff)))
          (then (return (i32.const -16))))
        (local.set $unit (i32.add (local.get $unit) (i32.add (local.get $gap) (i32.const 1))))
        (if (i32.gt_u (local.get $unit) (i32.const 0xffff)) (then (return (i32.const -16))))
        (i32.store (i32.add (local.get $head) (i32.shl (local.get $unit) (i32.const 2)))
          (i32.or (i32.load (i32.add (local.get $head) (i32.shl (local.get $unit) (i32.const 2)))) (i32.const 0x20000)))
        (br $next)))
    (i32.const 0))

  ;; DictionaryTables.symbolBase (symbolBases): for each symbol s the base of the state the root reaches by it, or 0,
  ;; into the zeroed $out ($symbols + 1 i32).
  (func (export "symbolBases") (param $symbols i32) (param $base i32) (param $check i32) (param $size i32) (param $out i32)
    (local $s i32) (local $slot i32)
    (local.set $s (i32.const 1))
    (block $done
      (loop $next
        (br_if $done (i32.gt_u (local.get $s) (local.get $symbols)))
        (local.set $slot (i32.add (i32.load (local.get $base)) (local.get $s)))
        (if (i32.and (i32.lt_u (local.get $slot) (local.get $size))
              (i32.eq (i32.load16_u (i32.add (local.get $check) (i32.shl (local.get $slot) (i32.const 1)))) (local.get $s)))
          (then (i32.store (i32.add (local.get $out) (i32.shl (local.get $s) (i32.const 2)))
            (i32.load (i32.add (local.get $base) (i32.shl (local.get $slot) (i32.const 2)))))))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br $next))))

  ;; First pass (readKeysAndTrie): each key from the previous one and its own units, its states placed in the trie
  ;; as it goes. Pointers are byte offsets in memory; terminal is filled with -1 and check, base with 0 by
  ;; the caller. Returns the number of one-character keys written to singles, or a negative error code:
  ;; -1 keys, -2 symbol, -3 slots, -4 trie layout, -5 left over.
  (func (export "keys")
    (param $n i32) (param $size i32) (param $maxKeyLength i32) (param $nibbles i32)
    (param $lengths i32) (param $high i32) (param $low i32) (param $suffixCount i32)
    (param $symbolUnits i32) (param $symbols i32)
    (param $at i32) (param $slotsEnd i32)
    (param $units i32) (param $keyUnits i32) (param $starts i32)
    (param $base i32) (param $check i32) (param $terminal i32)
    (param $lastSlot i32) (param $states i32) (param $singles i32)
    (result i32)
    (local $e i32) (local $common i32) (local $length i32) (local $byte i32)
    (local $o i32) (local $k i32) (local $previous i32) (local $previousLength i32)
    (local $j i32) (local $symbol i32) (local $parent i32) (local $v i32) (local $first i32)
    (local $child i32) (local $state i32) (local $singleCount i32) (local $unit i32) (local $pos i32) (local $shift i32)
    (local.set $pos (local.get $at))
    (block $done
      (loop $entry
        (br_if $done (i32.ge_u (local.get $e) (local.get $n)))
        (if (local.get $nibbles)
          (then
            (local.set $byte (i32.load8_u (i32.add (local.get $lengths) (local.get $e))))
            (local.set $common (i32.shr_u (local.get $byte) (i32.const 4)))
            (local.set $length (i32.add (local.get $common) (i32.and (local.get $byte) (i32.const 15)))))
          (else
            (local.set $byte (i32.add (local.get $lengths) (i32.shl (local.get $e) (i32.const 1))))
            (local.set $common (i32.load8_u (local.get $byte)))
            (local.set $length (i32.add (local.get $common) (i32.load8_u offset=1 (local.get $byte))))))
        (if (i32.or
              (i32.or (i32.eqz (local.get $length)) (i32.gt_u (local.get $length) (local.get $maxKeyLength)))
              (i32.or
                (i32.or (i32.gt_u (local.get $common) (local.get $previousLength))
                  (i32.and (i32.eq (local.get $common) (local.get $length)) (i32.ne (local.get $e) (i32.const 0))))
                (i32.or (i32.gt_u (i32.add (local.get $o) (local.get $length)) (local.get $keyUnits))
                  (i32.gt_u (i32.sub (i32.add (local.get $k) (local.get $length)) (local.get $common))
                    (local.get $suffixCount)))))
          (then (return (i32.const -1))))
        (i32.store (i32.add (local.get $starts) (i32.shl (local.get $e) (i32.const 2))) (local.get $o))
        ;; the units shared with the previous key (a loop: a few units, where memory.copy would call the runtime)
        (local.set $j (i32.const 0))
        (block $copied
          (loop $copy
            (br_if $copied (i32.ge_u (local.get $j) (local.get $common)))
            (i32.store16 (i32.add (local.get $units) (i32.shl (i32.add (local.get $o) (local.get $j)) (i32.const 1)))
              (i32.load16_u (i32.add (local.get $units) (i32.shl (i32.add (local.get $previous) (local.get $j)) (i32.const 1)))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $copy)))
        (block $keyDone
          (loop $unitLoop
            (br_if $keyDone (i32.ge_u (local.get $j) (local.get $length)))
            (local.set $symbol (i32.or
              (i32.shl (i32.load8_u (i32.add (local.get $high) (local.get $k))) (i32.const 7))
              (i32.load8_u (i32.add (local.get $low) (local.get $k)))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (if (i32.or (i32.eqz (local.get $symbol)) (i32.gt_u (local.get $symbol) (local.get $symbols)))
              (then (return (i32.const -2))))
            (i32.store16 (i32.add (local.get $units) (i32.shl (i32.add (local.get $o) (local.get $j)) (i32.const 1)))
              (i32.load16_u (i32.add (local.get $symbolUnits) (i32.shl (i32.sub (local.get $symbol) (i32.const 1)) (i32.const 1)))))
            (local.set $parent (i32.load (i32.add (local.get $states) (i32.shl (local.get $j) (i32.const 2)))))
            ;; a state gets its children's slot when the walk first goes below it: a state new in this key, or the
            ;; previous key's last (keys come prefix first), never the root (its base precedes the slots)
            (if (i32.or (i32.gt_u (local.get $j) (local.get $common))
                  (i32.and (i32.eq (local.get $previousLength) (local.get $common)) (i32.ne (local.get $j) (i32.const 0))))
              (then
                ;; the slot of the parent's first child: a signed VARINT, from the previous one at this depth
                ;; (read here rather than by $varint: a call per state costs more than the read in V8's baseline
                ;; compiler, which runs this single long call; at the sixth byte only 0 or 1 keeps it <= 0x7fffffff)
                (local.set $v (i32.const 0))
                (local.set $shift (i32.const 0))
                (loop $slotByte
                  (if (i32.ge_u (local.get $pos) (local.get $slotsEnd)) (then (return (i32.const -3))))
                  (local.set $byte (i32.load8_u (local.get $pos)))
                  (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
                  (if (i32.or (i32.ge_u (local.get $byte) (i32.const 0x80))
                        (i32.and (i32.eq (local.get $shift) (i32.const 30)) (i32.gt_u (local.get $byte) (i32.const 1))))
                    (then (return (i32.const -3))))
                  (local.set $v (i32.or (local.get $v)
                    (i32.shl (i32.and (local.get $byte) (i32.const 0x3f)) (local.get $shift))))
                  (local.set $shift (i32.add (local.get $shift) (i32.const 6)))
                  (br_if $slotByte (i32.ge_u (local.get $byte) (i32.const 0x40))))
                (local.set $first (i32.add
                  (i32.load (i32.add (local.get $lastSlot) (i32.shl (local.get $j) (i32.const 2))))
                  (i32.xor (i32.shr_u (local.get $v) (i32.const 1)) (i32.sub (i32.const 0) (i32.and (local.get $v) (i32.const 1))))))
                (i32.store (i32.add (local.get $lastSlot) (i32.shl (local.get $j) (i32.const 2))) (local.get $first))
                (i32.store (i32.add (local.get $base) (i32.shl (local.get $parent) (i32.const 2)))
                  (i32.sub (local.get $first) (local.get $symbol)))
))
            (local.set $child (i32.add
              (i32.load (i32.add (local.get $base) (i32.shl (local.get $parent) (i32.const 2))))
              (local.get $symbol)))
            (if (i32.or (i32.le_s (local.get $child) (i32.const 0)) (i32.ge_s (local.get $child) (local.get $size)))
              (then (return (i32.const -4))))
            (if (i32.load16_u (i32.add (local.get $check) (i32.shl (local.get $child) (i32.const 1))))
              (then (return (i32.const -4))))
            (i32.store16 (i32.add (local.get $check) (i32.shl (local.get $child) (i32.const 1))) (local.get $symbol))
            (i32.store (i32.add (local.get $states) (i32.shl (i32.add (local.get $j) (i32.const 1)) (i32.const 2)))
              (local.get $child))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $unitLoop)))
        (local.set $state (i32.load (i32.add (local.get $states) (i32.shl (local.get $length) (i32.const 2)))))
        (if (i32.ne (i32.load (i32.add (local.get $terminal) (i32.shl (local.get $state) (i32.const 2)))) (i32.const -1))
          (then (return (i32.const -1))))
        (i32.store (i32.add (local.get $terminal) (i32.shl (local.get $state) (i32.const 2))) (local.get $e))
        ;; a one-character key: one unit, or a surrogate pair
        (local.set $unit (i32.load16_u (i32.add (local.get $units) (i32.shl (local.get $o) (i32.const 1)))))
        (if (i32.or (i32.eq (local.get $length) (i32.const 1))
              (i32.and (i32.eq (local.get $length) (i32.const 2))
                (i32.and (i32.eq (i32.and (local.get $unit) (i32.const 0xfc00)) (i32.const 0xd800))
                  (i32.eq (i32.and (i32.load16_u offset=2 (i32.add (local.get $units) (i32.shl (local.get $o) (i32.const 1))))
                    (i32.const 0xfc00)) (i32.const 0xdc00)))))
          (then
            (i32.store (i32.add (local.get $singles) (i32.shl (local.get $singleCount) (i32.const 2))) (local.get $e))
            (local.set $singleCount (i32.add (local.get $singleCount) (i32.const 1)))))
        (local.set $previous (local.get $o))
        (local.set $previousLength (local.get $length))
        (local.set $o (i32.add (local.get $o) (local.get $length)))
        (local.set $e (i32.add (local.get $e) (i32.const 1)))
        (br $entry)))
    (i32.store (i32.add (local.get $starts) (i32.shl (local.get $n) (i32.const 2))) (local.get $o))
    (if (i32.or (i32.ne (local.get $o) (local.get $keyUnits))
          (i32.or (i32.ne (local.get $k) (local.get $suffixCount)) (i32.ne (local.get $pos) (local.get $slotsEnd))))
      (then (return (i32.const -5))))
    (local.get $singleCount))

  ;; Units of a line (up to the separator, 10) of the u16 text at $text (units [0, $length)) from unit $at, copied
  ;; to out from unit $o (out holds $outLength units). Returns the new $o, and leaves the separator's index in $lineEnd;
  ;; -1 when the line is unterminated or out is full.
  (func $copyLine (param $text i32) (param $length i32) (param $at i32) (param $out i32) (param $o i32)
    (param $outLength i32) (result i32)
    (local $unit i32)
    (block $end
      (loop $more
        (if (i32.ge_u (local.get $at) (local.get $length)) (then (return (i32.const -1))))
        (local.set $unit (i32.load16_u (i32.add (local.get $text) (i32.shl (local.get $at) (i32.const 1)))))
        (br_if $end (i32.eq (local.get $unit) (i32.const 10)))
        (if (i32.ge_u (local.get $o) (local.get $outLength)) (then (return (i32.const -1))))
        (i32.store16 (i32.add (local.get $out) (i32.shl (local.get $o) (i32.const 1))) (local.get $unit))
        (local.set $o (i32.add (local.get $o) (i32.const 1)))
        (local.set $at (i32.add (local.get $at) (i32.const 1)))
        (br $more)))
    (global.set $lineEnd (local.get $at))
    (local.get $o))

  ;; Units $from to $to (exclusive) of the keys, each replaced by its one-unit value (map; 0: itself), to out at $o.
  ;; The caller has checked that out has room. Returns the new $o.
  (func $predict (param $units i32) (param $map i32) (param $from i32) (param $to i32) (param $out i32) (param $o i32)
    (result i32)
    (local $unit i32) (local $mapped i32)
    (block $end
      (loop $more
        (br_if $end (i32.ge_u (local.get $from) (local.get $to)))
        (local.set $unit (i32.load16_u (i32.add (local.get $units) (i32.shl (local.get $from) (i32.const 1)))))
        (local.set $mapped (i32.load16_u (i32.add (local.get $map) (i32.shl (local.get $unit) (i32.const 1)))))
        (i32.store16 (i32.add (local.get $out) (i32.shl (local.get $o) (i32.const 1)))
          (select (local.get $mapped) (local.get $unit) (local.get $mapped)))
        (local.set $o (i32.add (local.get $o) (i32.const 1)))
        (local.set $from (i32.add (local.get $from) (i32.const 1)))
        (br $more)))
    (local.get $o))

  ;; Second pass (readValuesAndHead): the values, and the head table (head-table.ts's buildHead). map (0x10000 u16)
  ;; is zeroed and head holds emptyHead() from the caller; text lengths are in
  ;; units. Returns the number of value units written, or a negative error code: -6 single values, -7 value
  ;; entries, -8 values, -9 value edits, -10 left over, -11 unterminated value.
  (func (export "values")
    (param $n i32) (param $units i32) (param $starts i32) (param $singles i32) (param $singleCount i32)
    (param $singleText i32) (param $singleLength i32) (param $edits i32) (param $editsLength i32)
    (param $listed i32) (param $listedEnd i32)
    (param $map i32) (param $valueStart i32) (param $out i32) (param $outLength i32)
    (param $head i32) (param $entryFlags i32)
    (result i32)
    (local $i i32) (local $e i32) (local $start i32) (local $end i32) (local $at i32) (local $stop i32)
    (local $nextListed i32) (local $o i32) (local $c i32) (local $to i32) (local $j i32) (local $first i32)
    (local $output i32) (local $headAt i32) (local $v i32) (local $si i32) (local $nextSingle i32) (local $unit i32)
    (local $mapped i32)
    ;; one-character keys: unit → its one-unit value (their lines checked here; the values are copied below)
    (block $singlesDone
      (loop $single
        (br_if $singlesDone (i32.ge_u (local.get $i) (local.get $singleCount)))
        (local.set $e (i32.load (i32.add (local.get $singles) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $start (i32.load (i32.add (local.get $starts) (i32.shl (local.get $e) (i32.const 2)))))
        (local.set $end (i32.load offset=4 (i32.add (local.get $starts) (i32.shl (local.get $e) (i32.const 2)))))
        (local.set $stop (local.get $at))
        (block $found
          (loop $scan
            (if (i32.ge_u (local.get $stop) (local.get $singleLength)) (then (return (i32.const -6))))
            (br_if $found (i32.eq
              (i32.load16_u (i32.add (local.get $singleText) (i32.shl (local.get $stop) (i32.const 1)))) (i32.const 10)))
            (local.set $stop (i32.add (local.get $stop) (i32.const 1)))
            (br $scan)))
        (if (i32.and (i32.eq (i32.sub (local.get $end) (local.get $start)) (i32.const 1))
              (i32.eq (i32.sub (local.get $stop) (local.get $at)) (i32.const 1)))
          (then
            (i32.store16 (i32.add (local.get $map)
                (i32.shl (i32.load16_u (i32.add (local.get $units) (i32.shl (local.get $start) (i32.const 1)))) (i32.const 1)))
              (i32.load16_u (i32.add (local.get $singleText) (i32.shl (local.get $at) (i32.const 1)))))))
        (local.set $at (i32.add (local.get $stop) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $single)))
    (if (i32.ne (local.get $at) (local.get $singleLength)) (then (return (i32.const -6))))
    ;; every entry's value
    (global.set $pos (local.get $listed))
    (local.set $nextListed (local.get $n))
    (if (i32.lt_u (global.get $pos) (local.get $listedEnd))
      (then
        (local.set $nextListed (call $varint (local.get $listedEnd)))
        (if (i32.lt_s (local.get $nextListed) (i32.const 0)) (then (return (i32.const -7))))))
    (local.set $i (i32.const 0))
    (local.set $e (i32.const 0))
    ;; the one-character keys in entry order (singles ascends), their values read again from the start of the text
    (local.set $at (i32.const 0))
    (local.set $nextSingle (local.get $n))
    (if (local.get $singleCount) (then (local.set $nextSingle (i32.load (local.get $singles)))))
    (block $entriesDone
      (loop $entry
        (br_if $entriesDone (i32.ge_u (local.get $e) (local.get $n)))
        (i32.store (i32.add (local.get $valueStart) (i32.shl (local.get $e) (i32.const 2))) (local.get $o))
        (local.set $start (i32.load (i32.add (local.get $starts) (i32.shl (local.get $e) (i32.const 2)))))
        (local.set $end (i32.load offset=4 (i32.add (local.get $starts) (i32.shl (local.get $e) (i32.const 2)))))
        ;; (the two common cases copied here rather than by $copyLine and $predict: a call per entry costs more than
        ;; the copy in V8's baseline compiler, which runs this single long call)
        (if (i32.eq (local.get $e) (local.get $nextSingle))
          (then
            (block $lineEnd
              (loop $copy
                (if (i32.ge_u (local.get $at) (local.get $singleLength)) (then (return (i32.const -11))))
                (local.set $unit (i32.load16_u (i32.add (local.get $singleText) (i32.shl (local.get $at) (i32.const 1)))))
                (local.set $at (i32.add (local.get $at) (i32.const 1)))
                (br_if $lineEnd (i32.eq (local.get $unit) (i32.const 10)))
                (if (i32.ge_u (local.get $o) (local.get $outLength)) (then (return (i32.const -11))))
                (i32.store16 (i32.add (local.get $out) (i32.shl (local.get $o) (i32.const 1))) (local.get $unit))
                (local.set $o (i32.add (local.get $o) (i32.const 1)))
                (br $copy)))
            (local.set $si (i32.add (local.get $si) (i32.const 1)))
            (local.set $nextSingle (local.get $n))
            (if (i32.lt_u (local.get $si) (local.get $singleCount))
              (then (local.set $nextSingle
                (i32.load (i32.add (local.get $singles) (i32.shl (local.get $si) (i32.const 2))))))))
          (else (if (i32.ne (local.get $e) (local.get $nextListed))
            (then
              (if (i32.gt_u (i32.add (local.get $o) (i32.sub (local.get $end) (local.get $start))) (local.get $outLength))
                (then (return (i32.const -8))))
              (local.set $j (local.get $start))
              (block $predicted
                (loop $unitLoop
                  (br_if $predicted (i32.ge_u (local.get $j) (local.get $end)))
                  (local.set $unit (i32.load16_u (i32.add (local.get $units) (i32.shl (local.get $j) (i32.const 1)))))
                  (local.set $mapped (i32.load16_u (i32.add (local.get $map) (i32.shl (local.get $unit) (i32.const 1)))))
                  (i32.store16 (i32.add (local.get $out) (i32.shl (local.get $o) (i32.const 1)))
                    (select (local.get $mapped) (local.get $unit) (local.get $mapped)))
                  (local.set $o (i32.add (local.get $o) (i32.const 1)))
                  (local.set $j (i32.add (local.get $j) (i32.const 1)))
                  (br $unitLoop))))
            (else
              (if (i32.ge_u (local.get $i) (local.get $editsLength)) (then (return (i32.const -8))))
              (if (i32.eq (i32.load16_u (i32.add (local.get $edits) (i32.shl (local.get $i) (i32.const 1)))) (i32.const 0x21))
                (then
                  ;; WHOLE: the value as it is
                  (local.set $o (call $copyLine (local.get $edits) (local.get $editsLength)
                    (i32.add (local.get $i) (i32.const 1)) (local.get $out) (local.get $o) (local.get $outLength)))
                  (if (i32.lt_s (local.get $o) (i32.const 0)) (then (return (i32.const -11))))
                  (local.set $i (i32.add (global.get $lineEnd) (i32.const 1))))
                (else
                  ;; edits: the prediction with the listed units replaced
                  (if (i32.gt_u (i32.add (local.get $o) (i32.sub (local.get $end) (local.get $start))) (local.get $outLength))
                    (then (return (i32.const -8))))
                  (local.set $j (local.get $start))
                  (block $editsDone
                    (loop $edit
                      (local.set $c (i32.load16_u (i32.add (local.get $edits) (i32.shl (local.get $i) (i32.const 1)))))
                      (br_if $editsDone (i32.eq (local.get $c) (i32.const 10)))
                      (local.set $to (i32.sub (i32.add (local.get $j) (local.get $c)) (i32.const 0x30)))
                      (if (i32.or (i32.lt_u (local.get $c) (i32.const 0x30))
                            (i32.or (i32.ge_u (local.get $to) (local.get $end))
                              (i32.ge_u (i32.add (local.get $i) (i32.const 1)) (local.get $editsLength))))
                        (then (return (i32.const -9))))
                      (local.set $o (call $predict (local.get $units) (local.get $map) (local.get $j) (local.get $to)
                        (local.get $out) (local.get $o)))
                      (i32.store16 (i32.add (local.get $out) (i32.shl (local.get $o) (i32.const 1)))
                        (i32.load16_u offset=2 (i32.add (local.get $edits) (i32.shl (local.get $i) (i32.const 1)))))
                      (local.set $o (i32.add (local.get $o) (i32.const 1)))
                      (local.set $j (i32.add (local.get $to) (i32.const 1)))
                      (local.set $i (i32.add (local.get $i) (i32.const 2)))
                      (if (i32.ge_u (local.get $i) (local.get $editsLength)) (then (return (i32.const -9))))
                      (br $edit)))
                  (local.set $o (call $predict (local.get $units) (local.get $map) (local.get $j) (local.get $end)
                    (local.get $out) (local.get $o)))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))))
              (local.set $nextListed (local.get $n))
              (if (i32.lt_u (global.get $pos) (local.get $listedEnd))
                (then
                  (local.set $v (call $varint (local.get $listedEnd)))
                  (if (i32.lt_s (local.get $v) (i32.const 0)) (then (return (i32.const -7))))
                  (local.set $nextListed (i32.add (i32.add (local.get $e) (i32.const 1)) (local.get $v)))
                  (if (i32.or (i32.lt_s (local.get $nextListed) (i32.const 0)) (i32.gt_u (local.get $nextListed) (local.get $n)))
                    (then (return (i32.const -7))))))))))
        ;; the head table, as buildHead makes it
        (local.set $first (i32.load16_u (i32.add (local.get $units) (i32.shl (local.get $start) (i32.const 1)))))
        (local.set $headAt (i32.add (local.get $head) (i32.shl (local.get $first) (i32.const 2))))
        (if (i32.eq (i32.sub (local.get $end) (local.get $start)) (i32.const 1))
          (then
            (local.set $output (i32.const 0x20000))
            (if (i32.eq (i32.add (i32.load (i32.add (local.get $valueStart) (i32.shl (local.get $e) (i32.const 2))))
                  (i32.const 1)) (local.get $o))
              (then (local.set $output (i32.xor (local.get $first)
                (i32.load16_u (i32.add (local.get $out) (i32.shl (i32.sub (local.get $o) (i32.const 1)) (i32.const 1))))))))
            (i32.store (local.get $headAt) (i32.or
              (i32.or (i32.and (i32.load (local.get $headAt)) (i32.const 0x30000)) (local.get $output))
              (i32.shl (i32.and (i32.load8_u (i32.add (local.get $entryFlags) (local.get $e))) (i32.const 0x3f))
                (i32.const 19)))))
          (else
            (i32.store (local.get $headAt) (i32.or (i32.load (local.get $headAt)) (i32.const 0x10000)))))
        (local.set $e (i32.add (local.get $e) (i32.const 1)))
        (br $entry)))
    (if (i32.or (i32.ne (local.get $nextListed) (local.get $n)) (i32.ne (local.get $i) (local.get $editsLength)))
      (then (return (i32.const -10))))
    (i32.store (i32.add (local.get $valueStart) (i32.shl (local.get $n) (i32.const 2))) (local.get $o))
    (local.get $o)))
