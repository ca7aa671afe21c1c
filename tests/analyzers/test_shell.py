"""Tests for yarn2k8s.analyzers.shell: the static, bounded shell-script reader."""

from __future__ import annotations

import re
import shlex
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yarn2k8s.analyzers import shell
from yarn2k8s.analyzers.shell import (
    MAX_EXPANSION_DEPTH,
    ShellCommand,
    ShellScript,
    parse_script,
    split_words,
    tokenize,
)


def _argvs(script: ShellScript) -> list[tuple[str, ...]]:
    return [c.argv for c in script.commands]


def _only(text: str, environ: dict[str, str] | None = None) -> ShellCommand:
    """The single command of a one-command script."""
    script = parse_script(text, environ)
    assert len(script.commands) == 1, _argvs(script)
    return script.commands[0]


def _kinds(script: ShellScript) -> list[str]:
    return [i.kind for i in script.issues]


# --------------------------------------------------------------------------- quoting


def test_single_quotes_keep_everything_literal() -> None:
    assert _only("echo '$HOME \"x\" \\n `date`'").argv == ("echo", '$HOME "x" \\n `date`')


def test_double_quotes_expand_and_honour_backslash_escapes() -> None:
    cmd = _only('echo "a \\"b\\" \\$c $X \\\\ \\q"', environ={"X": "v"})
    assert cmd.argv == ("echo", 'a "b" $c v \\ \\q')


def test_ansi_c_strings_decode_escapes() -> None:
    assert _only("echo $'a\\tb\\n\\x41\\'q\\u00e9'").argv == ("echo", "a\tb\nA'q\u00e9")


def test_backslash_outside_quotes_escapes_one_character() -> None:
    assert _only('echo a\\ b \\$X \\"').argv == ("echo", "a b", "$X", '"')


def test_continuation_joins_lines_and_records_the_span() -> None:
    cmd = _only("\nspark-submit \\\n  --master yarn \\\n  app.py\n")
    assert cmd.argv == ("spark-submit", "--master", "yarn", "app.py")
    assert (cmd.line, cmd.end_line) == (2, 4)


def test_backslash_newline_is_literal_inside_single_quotes() -> None:
    assert _only("echo 'a\\\nb'").argv == ("echo", "a\\\nb")


def test_backslash_newline_inside_double_quotes_is_removed() -> None:
    assert _only('echo "a\\\nb"').argv == ("echo", "ab")


def test_comments_are_dropped_only_at_word_start() -> None:
    script = parse_script("# header\necho a#b # trailing comment\n  # indented\n")
    assert _argvs(script) == [("echo", "a#b")]


def test_hash_inside_a_word_is_not_a_comment_even_before_an_operator() -> None:
    script = parse_script("echo a#b2>&1\nrun x#y;#z\n")
    assert _argvs(script) == [("echo", "a#b2"), ("run", "x#y")]


def test_crlf_line_endings_are_tolerated() -> None:
    cmd = _only("X=1\r\nspark-submit \\\r\n  --conf a=$X\r\n")
    assert cmd.argv == ("spark-submit", "--conf", "a=1")


# --------------------------------------------------------------------------- structure


def test_every_simple_command_of_lists_and_pipelines_is_reported() -> None:
    script = parse_script("a 1 && b || c; d | e |& f & g\n")
    assert _argvs(script) == [("a", "1"), ("b",), ("c",), ("d",), ("e",), ("f",), ("g",)]


def test_redirections_are_removed_from_argv() -> None:
    text = "spark-submit x > out.log 2>&1 < in.txt 2>/dev/null &> all.log >> app.log y 3>&-"
    assert _only(text).argv == ("spark-submit", "x", "y")


@pytest.mark.parametrize(
    "text",
    [
        "if true; then spark-submit --x; fi",
        "if a\nthen\n  spark-submit --x\nfi",
        "nohup spark-submit --x &",
        "time spark-submit --x",
        "time -p spark-submit --x",
        "exec spark-submit --x",
        "exec -a name spark-submit --x",
        "while read l; do spark-submit --x; done < list",
        "until false; do spark-submit --x; done",
        "! spark-submit --x",
        "{ spark-submit --x; } > log 2>&1",
        "( spark-submit --x )",
        "env spark-submit --x",
    ],
)
def test_leading_keywords_and_wrappers_are_stripped(text: str) -> None:
    submits = [c.argv for c in parse_script(text).commands if "spark-submit" in c.argv]
    assert submits == [("spark-submit", "--x")]


def test_closing_keywords_are_separators_not_commands() -> None:
    script = parse_script("if a; then\n b\nelse\n c\nfi\nfor i in 1 2; do\n d\ndone\n{\n e\n}\n")
    assert _argvs(script) == [("a",), ("b",), ("c",), ("d",), ("e",)]


def test_for_header_and_arithmetic_commands_are_not_reported() -> None:
    script = parse_script("for ((i=0; i<3; i++)); do\n  run $i\ndone\n(( n += 1 ))\n")
    assert _argvs(script) == [("run", "${i}")]


def test_case_patterns_are_skipped_and_bodies_reported() -> None:
    text = (
        'case "$1" in\n'
        "  -m|--master)\n"
        '    MASTER="$2"; shift ;;\n'
        "  --class) CLASS=$2 ;;\n"
        "  start) spark-submit --class A app.jar ;;\n"
        "  *) echo other;;\n"
        "esac\n"
        "echo after\n"
    )
    script = parse_script(text)
    assert _argvs(script) == [
        ("shift",),
        ("spark-submit", "--class", "A", "app.jar"),
        ("echo", "other"),
        ("echo", "after"),
    ]
    assert "missing-continuation" not in _kinds(script)


def test_function_bodies_are_reported_with_their_name() -> None:
    text = (
        "submit() {\n  spark-submit a\n}\n"
        "function run_job {\n  spark-submit b\n}\n"
        "function sub() (\n  spark-submit c\n)\n"
        "one_liner() { spark-submit d; }\n"
        "spark-submit e\n"
    )
    script = parse_script(text)
    assert [(c.argv[1], c.in_function) for c in script.commands] == [
        ("a", "submit"), ("b", "run_job"), ("c", "sub"), ("d", "one_liner"), ("e", None),
    ]  # fmt: skip


def test_test_expression_parentheses_do_not_end_a_function() -> None:
    text = "f() {\n  [[ $x =~ ^(a|b)$ ]] && echo yes\n  spark-submit app.py\n}\n"
    script = parse_script(text)
    assert script.commands[-1].argv == ("spark-submit", "app.py")
    assert script.commands[-1].in_function == "f"
    assert script.commands[0].argv[0] == "[["


def test_env_prefix_assignments_are_reported_separately() -> None:
    cmd = _only(
        "PYSPARK_PYTHON=./env/bin/python SPARK_HOME=$H spark-submit app.py",
        environ={"H": "/opt/spark"},
    )
    assert cmd.env == (("PYSPARK_PYTHON", "./env/bin/python"), ("SPARK_HOME", "/opt/spark"))
    assert cmd.argv == ("spark-submit", "app.py")


def test_env_prefix_does_not_set_a_shell_variable() -> None:
    script = parse_script("A=1 true\necho ${A:-unset}\n")
    assert script.commands[1].argv == ("echo", "unset")


def test_env_command_assignments_join_the_env() -> None:
    cmd = _only("env -i A=1 B=2 nohup spark-submit x")
    assert cmd.env == (("A", "1"), ("B", "2"))
    assert cmd.argv == ("spark-submit", "x")


def test_eval_reparses_its_words_with_expansion() -> None:
    text = 'M=yarn\ncmd=\'spark-submit --master "$M" --name "a b"\'\neval $cmd > log\n'
    assert parse_script(text).commands[-1].argv == (
        "spark-submit", "--master", "yarn", "--name", "a b",
    )  # fmt: skip


# --------------------------------------------------------------------------- missing continuation


def test_missing_continuation_is_joined_and_reported() -> None:
    text = "spark-submit --class A \\\n  --num-executors 2\n  --master yarn \\\n  app.jar\n"
    script = parse_script(text)
    assert _argvs(script) == [
        ("spark-submit", "--class", "A", "--num-executors", "2", "--master", "yarn", "app.jar"),
    ]
    assert [(i.line, i.kind) for i in script.issues] == [(3, "missing-continuation")]
    assert script.commands[0].end_line == 4


def test_missing_continuation_after_commented_out_line() -> None:
    text = "spark-submit \\\n  --class A \\\n  # --conf x=y \\\n\n  -v app.jar\n"
    script = parse_script(text)
    assert _argvs(script) == [("spark-submit", "--class", "A", "-v", "app.jar")]
    assert [(i.line, i.kind) for i in script.issues] == [(5, "missing-continuation")]


def test_ordinary_next_lines_are_not_joined() -> None:
    script = parse_script("echo a\nrm -rf x\n-1\n")
    assert _argvs(script) == [("echo", "a"), ("rm", "-rf", "x"), ("-1",)]
    assert script.issues == ()


# --------------------------------------------------------------------------- unterminated quotes


def test_unterminated_single_quote_keeps_rest_as_one_word() -> None:
    script = parse_script("echo ok\nspark-submit --name 'my job\n--master yarn\n")
    assert script.commands[-1].argv == ("spark-submit", "--name", "my job\n--master yarn\n")
    assert [(i.line, i.kind) for i in script.issues] == [(2, "unterminated-quote")]


def test_unterminated_double_quote_reports_the_opening_line() -> None:
    script = parse_script('a\nb\necho "x $Y\nmore')
    assert script.commands[-1].argv == ("echo", "x ${Y}\nmore")
    assert [(i.line, i.kind) for i in script.issues] == [(3, "unterminated-quote")]


@pytest.mark.parametrize("text", ["echo `date", "echo $(date", "echo ${X", "echo $'abc"])
def test_other_unclosed_constructs_do_not_raise(text: str) -> None:
    script = parse_script(text)
    assert _kinds(script) == ["unterminated-quote"]
    assert script.commands[0].argv[0] == "echo"


# --------------------------------------------------------------------------- variables


@pytest.mark.parametrize("keyword", ["", "export ", "readonly ", "local ", "declare ", "typeset "])
def test_assignment_forms_are_tracked(keyword: str) -> None:
    script = parse_script(f"{keyword}MASTER=yarn\nspark-submit --master $MASTER\n")
    assert script.commands[-1].argv == ("spark-submit", "--master", "yarn")
    assert script.variables["MASTER"] == "yarn"


def test_export_with_options_and_several_names() -> None:
    script = parse_script("export -n A=1 B='x y'\necho $A \"$B\"\n")
    assert script.commands[0].argv == ("export", "-n", "A=1", "B=x y")
    assert script.commands[1].argv == ("echo", "1", "x y")


def test_assignments_apply_in_straight_line_order_across_branches() -> None:
    script = parse_script("M=local\nif [ -n x ]; then M=yarn; else M=k8s; fi\necho $M\n")
    assert script.commands[-1].argv == ("echo", "k8s")


def test_parameter_expansion_defaults() -> None:
    text = (
        'E=""\nS=set\n'
        'echo ${U:-d1} ${U-d2} ${E:-d3} "${E-d4}" ${S:-d5} ${U:+a1} ${S:+a2} ${U:=d6} $U\n'
    )
    assert parse_script(text).commands[-1].argv == (
        "echo", "d1", "d2", "d3", "", "set", "a2", "d6", "d6",
    )  # fmt: skip


def test_assigning_default_sets_the_variable() -> None:
    script = parse_script(": ${SPARK_HOME:=/opt/spark}\n$SPARK_HOME/bin/spark-submit x\n")
    assert script.commands[-1].argv == ("/opt/spark/bin/spark-submit", "x")
    assert script.variables["SPARK_HOME"] == "/opt/spark"


def test_environ_supplies_initial_values_and_defaults_yield_to_it() -> None:
    text = "${SPARK_HOME:-/usr/lib/spark}/bin/spark-submit --queue ${QUEUE:-default}"
    cmd = _only(text, environ={"SPARK_HOME": "/opt/spark"})
    assert cmd.argv == ("/opt/spark/bin/spark-submit", "--queue", "default")


def test_trimming_replacement_substring_and_length() -> None:
    text = (
        "P=/a/b/c.tar.gz\n"
        "echo ${P%.gz} ${P%%.*} ${P#/a} ${P##*/} ${P%/*} ${P/b/B} ${P//a/A} ${P:1:3} ${#P}\n"
    )
    assert parse_script(text).commands[-1].argv == (
        "echo", "/a/b/c.tar", "/a/b/c", "/b/c.tar.gz", "c.tar.gz", "/a/b", "/a/B/c.tar.gz",
        "/A/b/c.tAr.gz", "a/b", "13",
    )  # fmt: skip


def test_length_of_unknown_value_is_a_placeholder() -> None:
    cmd = _only("echo ${#NOPE}")
    assert cmd.argv == ("echo", "${NOPE}")
    assert cmd.placeholders == ("NOPE",)


def test_word_splitting_applies_to_unquoted_expansions_only() -> None:
    text = 'OPTS="--a 1  --b 2"\nrun $OPTS "$OPTS" x${OPTS}y\n'
    assert parse_script(text).commands[-1].argv == (
        "run", "--a", "1", "--b", "2", "--a 1  --b 2", "x--a", "1", "--b", "2y",
    )  # fmt: skip


def test_default_word_is_split_when_unquoted() -> None:
    assert _only('run ${X:-a b} "${X:-c d}"').argv == ("run", "a", "b", "c d")


def test_quoted_empty_string_is_an_argument_and_unquoted_empty_is_not() -> None:
    assert _only('E=\nrun "" $E "$E" x').argv == ("run", "", "", "x")


def test_command_whose_words_all_expand_to_nothing_is_dropped() -> None:
    script = parse_script('E=\n$E\n$E $E > log\nrun "$E"\n')
    assert _argvs(script) == [("run", "")]


def test_unset_variable_stays_visible_as_placeholder() -> None:
    cmd = _only("spark-submit --jars $LIB_JARS ${APP_JAR}")
    assert cmd.argv == ("spark-submit", "--jars", "${LIB_JARS}", "${APP_JAR}")
    assert cmd.placeholders == ("APP_JAR", "LIB_JARS")


def test_positional_and_special_parameters_are_placeholders() -> None:
    cmd = _only('run $1 "${2}" $@ "$*" $0 $# ${10} ${1:-dflt}')
    assert cmd.argv == ("run", "${1}", "${2}", "${@}", "${@}", "${0}", "${#}", "${10}", "${1}")
    assert cmd.placeholders == ("#", "0", "1", "10", "2", "@")


def test_command_substitutions_get_named_placeholders() -> None:
    cmd = _only('run $(date +%F) "`hostname -f`" $(( 1 + 2 )) $("$JAVA"/bin/java -v) <(sort a)')
    assert cmd.argv == (
        "run", "${SUBST_DATE}", "${SUBST_HOSTNAME}", "${SUBST_ARITH}",
        "${SUBST_JAVA_BIN_JAVA}", "${SUBST_SORT}",
    )  # fmt: skip
    assert cmd.placeholders == (
        "SUBST_ARITH", "SUBST_DATE", "SUBST_HOSTNAME", "SUBST_JAVA_BIN_JAVA", "SUBST_SORT",
    )  # fmt: skip


def test_nested_command_substitution_is_one_placeholder() -> None:
    cmd = _only('HOME_DIR="$(cd "$(dirname "$0")"/..; pwd)"\nrun "$HOME_DIR/x" ok\n')
    assert cmd.argv == ("run", "${HOME_DIR}/x", "ok")


def test_value_with_unresolved_part_makes_the_variable_unresolved() -> None:
    text = "BASE_DIR=$(dirname $0)/..\nAPP=$BASE_DIR/app.jar\nspark-submit $APP $BASE_DIR\n"
    script = parse_script(text)
    cmd = script.commands[-1]
    assert cmd.argv == ("spark-submit", "${APP}", "${BASE_DIR}")
    assert cmd.placeholders == ("APP", "BASE_DIR")  # inner names (SUBST_DIRNAME, 0) stay hidden
    assert "BASE_DIR" not in script.variables


def test_command_built_in_a_variable_keeps_its_known_words() -> None:
    text = 'CMD="spark-submit --class a.B --queue $QUEUE app.jar"\n$CMD --x 1\n'
    cmd = parse_script(text).commands[-1]
    assert cmd.argv == (
        "spark-submit",
        "--class",
        "a.B",
        "--queue",
        "${QUEUE}",
        "app.jar",
        "--x",
        "1",
    )
    assert cmd.placeholders == ("QUEUE",)


def test_which_substitution_is_the_command_itself() -> None:
    cmd = parse_script("exec $(which spark-submit) --class A `which python3` a.jar\n").commands[0]
    assert cmd.argv == ("spark-submit", "--class", "A", "python3", "a.jar")
    assert cmd.placeholders == ()


def test_unset_forgets_a_variable() -> None:
    assert parse_script("X=1\nunset X\necho ${X:-gone}\n").commands[-1].argv == ("echo", "gone")


# --------------------------------------------------------------------------- arrays


def test_arrays_expand_to_multiple_words() -> None:
    text = (
        "A=(a 'b c'\n   d) # comment\n"
        "A+=(e)\n"
        'run "${A[@]}" ${A[*]} "${A[*]}" ${A[0]} "${A[-1]}" ${#A[@]} $A\n'
    )
    script = parse_script(text)
    assert script.commands[-1].argv == (
        "run", "a", "b c", "d", "e", "a", "b", "c", "d", "e", "a b c d e", "a", "e", "4", "a",
    )  # fmt: skip
    assert script.variables["A"] == "a b c d e"


def test_array_of_spark_options_feeds_the_submit() -> None:
    text = (
        'CONF=(--conf "spark.executor.memory=4g" --conf "spark.app.name=my app")\n'
        'CONF+=(--queue "$1")\n'
        'spark-submit "${CONF[@]}" app.py\n'
    )
    cmd = parse_script(text).commands[-1]
    assert cmd.argv == (
        "spark-submit", "--conf", "spark.executor.memory=4g", "--conf", "spark.app.name=my app",
        "--queue", "${1}", "app.py",
    )  # fmt: skip
    assert cmd.placeholders == ("1",)


def test_element_assignment_and_empty_array() -> None:
    text = 'A=()\nA[0]=x\nA[2]=z\nrun "${A[@]}" ${#A[@]}\nB=()\nrun "${B[@]}" end\n'
    script = parse_script(text)
    assert _argvs(script) == [("run", "x", "", "z", "3"), ("run", "end")]


def test_unknown_array_is_reported() -> None:
    script = parse_script('spark-submit "${EXTRA_ARGS[@]}" app.py\n')
    assert script.commands[0].argv == ("spark-submit", "${EXTRA_ARGS}", "app.py")
    assert script.commands[0].placeholders == ("EXTRA_ARGS",)
    assert [(i.line, i.kind) for i in script.issues] == [(1, "unresolved-array")]


def test_array_from_unquoted_substitution_is_reported() -> None:
    script = parse_script('JARS=($(ls lib/*.jar))\nrun "${JARS[@]}"\n')
    assert "unresolved-array" in _kinds(script)
    assert script.commands[0].argv == ("run", "${SUBST_LS}")


# --------------------------------------------------------------------------- cycles


def test_self_referencing_default_is_reported_and_terminates() -> None:
    script = parse_script("B=${B:=$B}\necho $B ${C:-$C}\n")
    assert "cyclic-variable" in _kinds(script)
    assert script.commands[-1].argv == ("echo", "${B}", "${C}")


def test_straight_line_mutual_assignment_is_not_cyclic() -> None:
    script = parse_script("A=1\nB=$A\nA=$B\necho $A $B\n")
    assert script.commands[-1].argv == ("echo", "1", "1")
    assert script.issues == ()


def test_expansion_depth_is_capped() -> None:
    depth = MAX_EXPANSION_DEPTH + 10
    word = "".join(f"${{V{k}:-" for k in range(depth)) + "x" + "}" * depth
    script = parse_script(f"echo {word}\n")
    assert "cyclic-variable" in _kinds(script)
    assert script.commands[0].argv[1].startswith("${V")


# --------------------------------------------------------------------------- heredocs


def test_heredoc_body_is_expanded_recorded_and_not_parsed() -> None:
    text = (
        "Q=default\n"
        "cat > tony.xml <<EOF\n"
        "<queue>$Q</queue>\n"
        "spark-submit --not-a-command\n"
        "EOF\n"
        "echo done\n"
    )
    script = parse_script(text)
    assert _argvs(script) == [("cat",), ("echo", "done")]
    (doc,) = script.heredocs
    assert (doc.line, doc.delimiter, doc.command) == (2, "EOF", ("cat", ">", "tony.xml"))
    assert doc.body == "<queue>default</queue>\nspark-submit --not-a-command\n"


def test_quoted_heredoc_delimiter_disables_expansion() -> None:
    script = parse_script("Q=x\ncat <<'EOF' | tee out\n$Q `date` \\$\nEOF\n")
    assert script.heredocs[0].body == "$Q `date` \\$\n"
    assert script.heredocs[0].command == ("cat",)
    assert _argvs(script) == [("cat",), ("tee", "out")]


def test_dash_heredoc_strips_leading_tabs() -> None:
    script = parse_script("if x; then\n\tcat <<-END\n\t\tindented\n\tEND\nfi\necho after\n")
    assert script.heredocs[0].body == "indented\n"
    assert script.commands[-1].argv == ("echo", "after")


def test_two_heredocs_on_one_line() -> None:
    script = parse_script("cmd <<A 3<<B\na\nA\nb\nB\necho after\n")
    assert [(h.delimiter, h.body) for h in script.heredocs] == [("A", "a\n"), ("B", "b\n")]
    assert script.commands[-1].argv == ("echo", "after")
    assert script.commands[-1].line == 6


def test_unterminated_heredoc_takes_the_rest() -> None:
    script = parse_script("cat <<EOF\nspark-submit x\n")
    assert script.heredocs[0].body == "spark-submit x\n"
    assert _argvs(script) == [("cat",)]
    assert _kinds(script) == ["unterminated-quote"]


# --------------------------------------------------------------------------- realistic scripts

REALISTIC = """#!/usr/bin/env bash
# Nightly training job.
set -euo pipefail

SPARK_HOME=${SPARK_HOME:-/opt/spark}
QUEUE="${QUEUE:-ml}"
RUN_DATE=$(date +%F)
EXTRA_CONF=(
  --conf "spark.executor.memoryOverhead=2g"
  --conf spark.dynamicAllocation.enabled=false
)

usage() {
  echo "usage: $0 <input>" >&2
  exit 1
}

submit() {
  local app=$1
  PYSPARK_PYTHON=./env/bin/python \\
  nohup "${SPARK_HOME}/bin/spark-submit" \\
    --master yarn \\
    --deploy-mode cluster \\
    --queue "$QUEUE" \\
    --name "train-${RUN_DATE}" \\
    --num-executors ${EXECUTORS:-10} \\
    "${EXTRA_CONF[@]}" \\
    --archives env.tar.gz#env \\
    "$app" --input "$2" >> "logs/${RUN_DATE}.log" 2>&1 &
}

[ $# -ge 1 ] || usage
submit train.py "$1"
hadoop jar /opt/jobs/etl.jar com.example.Etl \\
  -D mapreduce.job.queuename=$QUEUE /in /out
"""


def test_realistic_spark_submit_script() -> None:
    script = parse_script(REALISTIC)
    assert script.issues == ()
    submit = next(c for c in script.commands if c.argv[0].endswith("spark-submit"))
    assert submit.argv == (
        "/opt/spark/bin/spark-submit", "--master", "yarn", "--deploy-mode", "cluster",
        "--queue", "ml", "--name", "train-${RUN_DATE}", "--num-executors", "10",
        "--conf", "spark.executor.memoryOverhead=2g",
        "--conf", "spark.dynamicAllocation.enabled=false",
        "--archives", "env.tar.gz#env", "${app}", "--input", "${2}",
    )  # fmt: skip
    # RUN_DATE holds a substitution, so it is shown under its own name, not SUBST_DATE.
    assert submit.placeholders == ("2", "RUN_DATE", "app")
    assert submit.env == (("PYSPARK_PYTHON", "./env/bin/python"),)
    assert submit.in_function == "submit"
    assert (submit.line, submit.end_line) == (20, 29)  # from the env prefix line
    hadoop = script.commands[-1]
    assert hadoop.argv == (
        "hadoop", "jar", "/opt/jobs/etl.jar", "com.example.Etl", "-D",
        "mapreduce.job.queuename=ml", "/in", "/out",
    )  # fmt: skip
    assert hadoop.in_function is None
    assert script.variables["QUEUE"] == "ml"
    assert "RUN_DATE" not in script.variables


def test_hibench_style_functions_and_config_lines() -> None:
    text = (
        "function run_spark_job() {\n"
        "    LIB_JARS=\n"
        "    while (($#)); do\n"
        '      if [ "$1" = "--jars" ]; then\n'
        '        LIB_JARS="--jars $2"\n'
        "        shift 2\n"
        "        continue\n"
        "      fi\n"
        "      break\n"
        "    done\n"
        "    CLS=$1\n"
        '    SUBMIT_CMD="${SPARK_HOME}/bin/spark-submit ${LIB_JARS} --class ${CLS}"\n'
        "    execute_withlog ${SUBMIT_CMD} ${@:2}\n"
        "}\n"
    )
    script = parse_script(text, environ={"SPARK_HOME": "/s"})
    last = script.commands[-1]
    assert last.in_function == "run_spark_job"
    assert last.argv[:2] == ("execute_withlog", "/s/bin/spark-submit")
    assert last.placeholders == ("2", "@", "CLS")  # the command's known words are kept


# --------------------------------------------------------------------------- bounds


def test_nul_bytes_mean_binary() -> None:
    script = parse_script("echo a\n\x00\x01garbage")
    assert script.commands == ()
    assert [(i.line, i.kind) for i in script.issues] == [(2, "binary")]


def test_command_cap_reports_too_large() -> None:
    script = parse_script("echo a\necho b\necho c\necho d\n", max_commands=2)
    assert _argvs(script) == [("echo", "a"), ("echo", "b")]
    assert [(i.line, i.kind) for i in script.issues] == [(3, "too-large")]


def test_exponential_growth_is_cut_by_the_budget() -> None:
    text = "A=(x y)\n" + 'A=("${A[@]}" "${A[@]}")\n' * 64 + 'echo "${#A[@]}"\n'
    script = parse_script(text)
    assert "too-large" in _kinds(script)


# Generous limits: a quadratic step would take minutes on inputs of this size.
_BIG_INPUTS = {
    "realistic": REALISTIC * (2_000_000 // len(REALISTIC)),
    "one-line": "echo " + "word " * 400_000,
    "continuations": "spark-submit \\\n" + "  --conf a=b \\\n" * 150_000 + "  app.jar\n",
    "open-parens": "(" * 500_000,
    "dollar-braces": "${" * 300_000,
    "double-quotes": '"' * 500_001,
    "backslashes": "\\" * 1_000_000,
    "heredoc-bodies": "cat <<EOF\n" + "line $X\n" * 200_000,
    "appends": 'X="$X more"\n' * 50_000,
}


@pytest.mark.parametrize("name", sorted(_BIG_INPUTS))
def test_large_inputs_parse_in_bounded_time(name: str) -> None:
    text = _BIG_INPUTS[name]
    start = time.perf_counter()
    parse_script(text)
    assert time.perf_counter() - start < 10.0


# --------------------------------------------------------------------------- tokenize / split_words


def test_tokenize_reports_kinds_quoting_and_lines() -> None:
    tokens = tokenize("echo 'a b' \"c $X\" 2>&1 > f # comment\ncat <<E\nbody\nE\nA=(1 2)\n")
    summary = [(t.kind, t.value, t.line, t.quoted) for t in tokens]
    assert summary == [
        ("word", "echo", 1, False),
        ("word", "a b", 1, True),
        ("word", "c $X", 1, True),
        ("redirect", "2>&1", 1, False),
        ("redirect", ">", 1, False),
        ("word", "f", 1, False),
        ("newline", "\n", 1, False),
        ("word", "cat", 2, False),
        ("redirect", "<<", 2, False),
        ("word", "E", 2, False),
        ("heredoc", "body\n", 2, False),
        ("newline", "\n", 2, False),
        ("array", "A=", 5, False),
        ("newline", "\n", 5, False),
    ]
    assert [p.kind for p in tokens[2].parts] == ["lit", "param"]
    assert tokens[0].parts[0].value == "echo"
    assert [e.value for e in tokens[12].elements] == ["1", "2"]
    assert tokens[10].delimiter == "E" and tokens[10].end_line == 4


def test_split_words_is_like_shlex_without_raising() -> None:
    assert split_words("--conf 'a b' \"c \\\"d\\\"\" e\\ f #g") == [
        "--conf", "a b", 'c "d"', "e f", "#g",
    ]  # fmt: skip
    assert split_words("--driver-java-options \"-Dx=1 -Dy=2") == [
        "--driver-java-options", "-Dx=1 -Dy=2",
    ]  # fmt: skip
    assert split_words("a 'b c") == ["a", "b c"]
    assert split_words("  \n ") == []


# --------------------------------------------------------------------------- properties

_SHELLISH = st.text(alphabet=" \t\n'\"\\$`(){}[];&|<>#=-_*@!?:%/+^,~abcEOF019\r", max_size=300)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_on_arbitrary_text(text: str) -> None:
    script = parse_script(text)
    assert isinstance(script, ShellScript)
    assert isinstance(split_words(text), list)
    assert isinstance(tokenize(text), list)


@settings(max_examples=500, deadline=None)
@given(_SHELLISH)
def test_never_raises_on_shell_like_text_and_lines_stay_in_range(text: str) -> None:
    script = parse_script(text)
    last_line = text.count("\n") + 1
    for cmd in script.commands:
        assert 1 <= cmd.line <= cmd.end_line <= last_line
        shown = "\0".join(cmd.argv + tuple(value for _, value in cmd.env))
        assert all("${" + name + "}" in shown for name in cmd.placeholders)
    for issue in script.issues:
        assert 1 <= issue.line <= last_line
    split_words(text)


# NUL-free: parse_script treats NUL as binary input (tokenize and split_words do not care).
_WORDS = st.lists(st.text(st.characters(blacklist_characters="\x00"), max_size=20), max_size=8)


@settings(max_examples=300, deadline=None)
@given(_WORDS)
def test_split_words_round_trips_shlex_quoting(words: list[str]) -> None:
    assert split_words(" ".join(shlex.quote(w) for w in words)) == words


@settings(max_examples=300, deadline=None)
@given(_WORDS)
def test_tokenize_round_trips_quoted_words(words: list[str]) -> None:
    tokens = tokenize(" ".join(shlex.quote(w) for w in words))
    assert [t.kind for t in tokens] == ["word"] * len(words)
    assert [t.value for t in tokens] == words


@settings(max_examples=200, deadline=None)
@given(_WORDS)
def test_parse_script_argv_round_trips_quoted_words(words: list[str]) -> None:
    script = parse_script("run " + " ".join(shlex.quote(w) for w in words))
    assert _argvs(script) == [("run", *words)]


_PIECES = [
    "spark-submit", " ", "\t", "\n", "'", '"', "\\", "$", "`", "(", ")", "{", "}", ";", "&", "|",
    "<", ">", "<<", "EOF", "#", "=", "-", "--conf", "$(", "${", "A", "x1", "fi", "\r", "\r\n",
    "A=(", "2>&1", "\\\n", " \\\n", "\nEOF\n", "a#b", "\u00e9", "\x0c", "\xa0",
]  # fmt: skip


@contextmanager
def _careful_lexing_only() -> Iterator[None]:
    """Disables the lexer's regex fast paths (white-box: they must not change results)."""
    saved = shell._FAST, shell._FAST_LINE
    never = re.compile(r"(?!)")
    shell._FAST, shell._FAST_LINE = never, never
    try:
        yield
    finally:
        shell._FAST, shell._FAST_LINE = saved


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_fast_paths_agree_with_careful_lexing(text: str) -> None:
    fast_tokens = [(t.kind, t.value, t.line, t.end_line, t.parts, t.quoted) for t in tokenize(text)]
    fast_script = parse_script(text)
    with _careful_lexing_only():
        careful = [(t.kind, t.value, t.line, t.end_line, t.parts, t.quoted) for t in tokenize(text)]
        careful_script = parse_script(text)
    assert fast_tokens == careful
    assert fast_script == careful_script
