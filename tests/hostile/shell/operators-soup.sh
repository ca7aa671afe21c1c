#!/bin/bash
# Broken control flow: unclosed if/case/function/subshell, stray operators.
if [ -n "$X" ]; then
  case "$Y" in
    a) spark-submit --master yarn a.py ;;
    b) { ( spark-submit --master yarn b.py
  esac
function f( { ;; && || | |& ;& ;;& <<< >>& &> (( 1 + )) ]] [[
done fi } ) ) ) ) ) ) ) )
