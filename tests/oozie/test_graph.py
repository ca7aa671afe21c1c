"""Structuring Oozie graphs into Kubeflow blocks (post-dominators, gates, joins)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from yarn2k8s.analyzers.oozie_model import Action, Node, OozieWorkflow
from yarn2k8s.converters.kfp_graph import (
    EXIT,
    BranchStmt,
    Stmt,
    TaskStmt,
    postdominators,
    reachable_nodes,
    structure,
    successors,
)


def workflow(*nodes: Node, start: str = "a") -> OozieWorkflow:
    wf = OozieWorkflow(name="w", rel="w.xml", schema="", start=start)
    for node in (*nodes, Node("end", "end"), Node("fail", "kill", message="x")):
        wf.nodes[node.name] = node
    return wf


def act(name: str, ok: str, error: str = "fail") -> Node:
    return Node(name, "action", to=[ok], error_to=error, action=Action("fs", ""))


def flat(stmts: list[Stmt]) -> list[str]:
    out: list[str] = []
    for stmt in stmts:
        if isinstance(stmt, TaskStmt):
            out.append(stmt.task_id)
        else:
            for arm in stmt.arms + ([stmt.otherwise] if stmt.otherwise else []):
                out += [f"{stmt.task_id}=={arm.equals}:", *flat(arm.body)]
    return out


def test_a_chain_depends_on_the_previous_task() -> None:
    shape = structure(workflow(act("a", "b"), act("b", "end")), {})
    a, b = shape.body
    assert isinstance(a, TaskStmt) and isinstance(b, TaskStmt)
    assert b.after == ["a"] and shape.findings == []


def test_fork_paths_run_in_parallel_and_the_join_waits_for_all() -> None:
    wf = workflow(
        Node("f", "fork", to=["a", "b"]),
        act("a", "j"),
        act("b", "j"),
        Node("j", "join", to=["c"]),
        act("c", "end"),
        start="f",
    )
    body = structure(wf, {}).body
    tasks = {s.task_id: s for s in body if isinstance(s, TaskStmt)}
    assert tasks["a"].after == [] and tasks["b"].after == []
    assert tasks["c"].after == ["a", "b"]


def test_decision_branches_meet_at_their_post_dominator() -> None:
    wf = workflow(
        Node("d", "decision", cases=[("${x}", "a")], default="b"),
        act("a", "m"),
        act("b", "m"),
        act("m", "end"),
        start="d",
    )
    body = structure(wf, {}).body
    assert flat(body) == ["d#decide", "d#decide==a:", "a", "d#decide==b:", "b", "m"]
    branch = body[1]
    assert isinstance(branch, BranchStmt) and branch.otherwise is not None
    m = body[2]
    assert isinstance(m, TaskStmt) and m.after == ["a", "b"]


def test_a_branch_to_kill_fails_the_run_and_the_rest_continues() -> None:
    wf = workflow(
        Node("d", "decision", cases=[("${bad}", "fail")], default="a"),
        act("a", "end"),
        start="d",
    )
    assert flat(structure(wf, {}).body) == ["d#decide", "d#decide==fail:", "fail", "a"]


def test_error_handler_that_ends_in_kill_is_gated_and_the_ok_path_stays_plain() -> None:
    wf = workflow(act("a", "b", error="mail"), act("mail", "fail"), act("b", "end"))
    body = structure(wf, {}).body
    assert flat(body) == ["a", "a#gate", "a#gate==failed:", "mail", "fail", "b"]
    b = body[-1]
    assert isinstance(b, TaskStmt) and b.after == ["a"]


def test_error_path_that_recovers_joins_the_ok_path() -> None:
    wf = workflow(act("a", "b", error="c"), act("b", "c"), act("c", "end"))
    body = structure(wf, {}).body
    assert flat(body) == ["a", "a#gate", "a#gate==succeeded:", "b", "c"]
    branch = body[2]
    assert isinstance(branch, BranchStmt) and branch.joined
    c = body[3]
    assert isinstance(c, TaskStmt) and c.after == ["a#gate", "b"]


def test_error_to_end_and_unreachable_nodes_are_reported() -> None:
    wf = workflow(act("a", "end", error="end"), act("orphan", "end"))
    codes = sorted(f.code for f in structure(wf, {}).findings)
    assert codes == ["OZ004", "OZ020"]


def test_cycles_are_cut_with_a_finding() -> None:
    wf = workflow(act("a", "b"), act("b", "a"))
    shape = structure(wf, {})
    assert [f.code for f in shape.findings] == ["OZ005"]
    assert flat(shape.body) == ["a", "b"]


def test_folded_decisions_emit_only_their_branch() -> None:
    wf = workflow(
        Node("d", "decision", cases=[("${false}", "a")], default="b"),
        act("a", "end"),
        act("b", "end"),
        start="d",
    )
    assert flat(structure(wf, {"d": "b"}).body) == ["b"]


def test_pathological_graphs_stop_at_the_task_cap() -> None:
    # 12 decisions in a row, each with two branches meeting after: 2^12 paths would explode
    # without the meeting points; with them the body stays linear.
    nodes: list[Node] = []
    for i in range(12):
        nxt = f"d{i + 1}" if i < 11 else "end"
        nodes += [
            Node(f"d{i}", "decision", cases=[("${x}", f"a{i}")], default=f"b{i}"),
            act(f"a{i}", nxt),
            act(f"b{i}", nxt),
        ]
    shape = structure(workflow(*nodes, start="d0"), {})
    assert not shape.too_large and sum(shape.emitted.values()) == 36
    assert EXIT not in shape.emitted


def _reference_postdominators(wf: OozieWorkflow, reachable: set[str]) -> dict[str, set[str]]:
    # The textbook fixpoint, sorted order, no shortcuts: what postdominators() must equal.
    nodes = wf.nodes
    succ = {
        n: [s for s in successors(nodes[n], nodes) if s in reachable or s == EXIT]
        for n in reachable
    }
    live: set[str] = set()
    changed = True
    while changed:
        changed = False
        for n, targets in succ.items():
            if n not in live and any(t == EXIT or t in live for t in targets):
                live.add(n)
                changed = True
    pdom: dict[str, set[str]] = {n: live | {EXIT} for n in live}
    pdom[EXIT] = {EXIT}
    changed = True
    while changed:
        changed = False
        for n in sorted(live):
            after = [pdom[s] for s in succ[n] if s in pdom]
            new = {n} | set.intersection(*after) if after else {n}
            if new != pdom[n]:
                pdom[n], changed = new, True
    for n in reachable - live:
        pdom[n] = {n}
    return pdom


_NAMES = [f"n{i}" for i in range(12)]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["action", "fork", "join", "decision"]),
            st.lists(st.sampled_from([*_NAMES, "end", "fail"]), min_size=1, max_size=3),
        ),
        min_size=1,
        max_size=len(_NAMES),
    )
)
def test_post_dominators_match_the_plain_fixpoint(shape: list[tuple[str, list[str]]]) -> None:
    # Any graph, cycles and dead ends included: the faster walk changes no set.
    made: list[Node] = []
    for name, (kind, targets) in zip(_NAMES, shape, strict=False):
        if kind == "action":
            made.append(
                Node(name, kind, to=targets[:1], error_to=targets[-1], action=Action("fs", ""))
            )
        elif kind == "decision":
            made.append(Node(name, kind, cases=[("p", t) for t in targets[1:]], default=targets[0]))
        else:
            made.append(Node(name, kind, to=targets))
    wf = workflow(*made, start="n0")
    reachable = reachable_nodes(wf)
    assert postdominators(wf, reachable) == _reference_postdominators(wf, reachable)
