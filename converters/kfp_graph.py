"""An Oozie workflow graph -> nested Kubeflow blocks (tasks, dsl.If/Elif/Else), mapping.md 4.1.

Oozie graphs are DAGs of actions, decisions and fork/join pairs where error transitions and
decision branches may meet again. We structure them with post-dominators: the branches of a
decision (or of an action's ok/error pair) are emitted inside condition blocks up to the point
where they meet (the immediate post-dominator), and the walk continues there with a dependency
on every branch. Paths that end in a <kill> never meet anything; they are left out of the
meeting-point computation, so `error -> notify -> kill` does not nest the rest of the workflow.

- ok: the next task runs `.after()` the previous ones.
- error -> kill: Kubeflow's own failure (nothing emitted).
- error -> other node: a status gate (`ignore_upstream_failure` + PipelineTaskFinalStatus)
  whose output selects the handler branch.
- kill on a path: a step printing the message and failing.
- decision: an evaluator step, then dsl.If/Elif/Else on its `branch` output.
- fork/join: parallel tasks; the join is a dependency on every path's last tasks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from yarn2k8s.analyzers.oozie_model import Node, OozieWorkflow
from yarn2k8s.findings import make
from yarn2k8s.model import Finding, SourceLocation

EXIT = "\0exit"
MAX_TASKS = 1_000


@dataclass
class TaskStmt:
    """One task to emit: an action, a kill, a status gate or a decision evaluator."""

    node: str
    kind: str  # action | kill | gate | decide
    task_id: str  # unique per emission
    after: list[str] = field(default_factory=list)
    error_gate: str = ""  # the gate task in scope (error handlers read the failure from it)


@dataclass
class Branch:
    """One arm of a condition block: run `body` when `task_id`'s output equals `equals`."""

    equals: str
    body: list[Stmt]
    label: str  # the Oozie target, for the condition's name


@dataclass
class BranchStmt:
    """dsl.If / dsl.Elif / dsl.Else over one task output."""

    task_id: str
    output: str
    arms: list[Branch]
    otherwise: Branch | None = None
    # Later tasks wait for the arms: KFP only allows that across a full If/.../Else chain.
    joined: bool = False


Stmt = TaskStmt | BranchStmt


@dataclass
class Structure:
    """The emitted blocks, and what the walk found."""

    body: list[Stmt]
    findings: list[Finding]
    emitted: dict[str, int]  # node -> number of emissions
    too_large: bool = False


def successors(node: Node, nodes: dict[str, Node]) -> list[str]:
    """Targets that continue the workflow (kill targets excluded: they end it)."""
    if node.kind == "end":
        return [EXIT]
    targets = list(node.to)
    if node.kind == "action" and node.error_to:
        targets.append(node.error_to)
    if node.kind == "decision":
        targets = [t for _, t in node.cases] + ([node.default] if node.default else [])
    out: list[str] = []
    for target in targets:
        if target in nodes and nodes[target].kind != "kill" and target not in out:
            out.append(target)
    return out


def postdominators(wf: OozieWorkflow, reachable: set[str]) -> dict[str, set[str]]:
    """Post-dominator sets over nodes that reach <end>; other nodes get only themselves."""
    nodes = wf.nodes
    succ = {
        n: [s for s in successors(nodes[n], nodes) if s in reachable or s == EXIT]
        for n in reachable
    }
    live = _reaching_exit(succ)
    everything = live | {EXIT}
    pdom: dict[str, set[str]] = {n: set(everything) for n in live}
    pdom[EXIT] = {EXIT}
    # Successors before predecessors, so a pass settles most nodes (the sets are the unique
    # greatest fixpoint whatever the order; sorted order needed a pass per chain link).
    order = _postorder(succ, sorted(live))
    changed = True
    while changed:
        changed = False
        for n in order:
            live_succ = [s for s in succ[n] if s in pdom]
            new = {n} | set.intersection(*(pdom[s] for s in live_succ)) if live_succ else {n}
            if new != pdom[n]:
                pdom[n], changed = new, True
    for n in reachable - live:
        pdom[n] = {n}
    return pdom


def _postorder(succ: dict[str, list[str]], nodes: list[str]) -> list[str]:
    """`nodes`, each after the nodes it leads to (depth-first; deterministic)."""
    wanted = set(nodes)
    seen: set[str] = set()
    out: list[str] = []
    for root in nodes:
        if root in seen:
            continue
        seen.add(root)
        stack = [(root, iter(succ.get(root, ())))]
        while stack:
            node, children = stack[-1]
            for child in children:
                if child in wanted and child not in seen:
                    seen.add(child)
                    stack.append((child, iter(succ.get(child, ()))))
                    break
            else:
                stack.pop()
                out.append(node)
    return out


def _reaching_exit(succ: dict[str, list[str]]) -> set[str]:
    """Nodes with a path to EXIT: a walk back from it (linear; a fixpoint was quadratic)."""
    preds: dict[str, list[str]] = {}
    for n, targets in succ.items():
        for t in targets:
            preds.setdefault(t, []).append(n)
    live: set[str] = set()
    stack = list(preds.get(EXIT, ()))
    while stack:
        n = stack.pop()
        if n not in live:
            live.add(n)
            stack += preds.get(n, ())
    return live


def ipdom(n: str, pdom: dict[str, set[str]], nodes: dict[str, Node]) -> str:
    """The immediate post-dominator (EXIT when branches only meet at the end)."""
    strict = pdom.get(n, {n}) - {n}
    if not strict:
        return EXIT
    meet = max(strict, key=lambda d: (len(pdom.get(d, ())), d))
    return EXIT if meet in nodes and nodes[meet].kind == "end" else meet


def reachable_nodes(wf: OozieWorkflow) -> set[str]:
    """Nodes reachable from <start> through any transition (kill nodes included)."""
    seen: set[str] = set()
    stack = [wf.start] if wf.start in wf.nodes else []
    while stack:
        name = stack.pop()
        if name in seen or name not in wf.nodes:
            continue
        seen.add(name)
        node = wf.nodes[name]
        stack += [*node.to, node.error_to, node.default, *(t for _, t in node.cases)]
    return seen


class _Walker:
    """Emits blocks for one workflow (see the module docstring)."""

    def __init__(self, wf: OozieWorkflow, folded: dict[str, str]) -> None:
        self.wf = wf
        self.nodes = wf.nodes
        self.reachable = reachable_nodes(wf)
        self.pdom = postdominators(wf, self.reachable)
        self.folded = folded  # decision -> target when its predicates are constants
        self.findings: list[Finding] = []
        self.emitted: dict[str, int] = {}
        self.total = 0

    def loc(self, node: str) -> SourceLocation:
        return SourceLocation(self.wf.rel, self.nodes[node].line if node in self.nodes else 0)

    def task(self, node: str, kind: str, after: list[str], gate: str) -> TaskStmt:
        self.total += 1
        key = node if kind in ("action", "kill") else f"{node}#{kind}"
        count = self.emitted.get(key, 0) + 1
        self.emitted[key] = count
        task_id = key if count == 1 else f"{key}#{count}"
        return TaskStmt(node, kind, task_id, sorted(set(after)), gate)

    def walk(
        self, start: str, stop: str, frontier: list[str], gate: str, path: tuple[str, ...]
    ) -> tuple[list[Stmt], list[str], bool]:
        """Statements from `start` up to `stop`; returns (body, frontier, ends-in-kill)."""
        body: list[Stmt] = []
        node_name = start
        while node_name and node_name != stop and node_name != EXIT:
            if self.total > MAX_TASKS:
                return body, frontier, True
            if node_name in path or node_name not in self.nodes:
                if node_name in path:
                    self.findings.append(make("OZ005", self.loc(node_name), node=node_name))
                return body, frontier, True
            path = (*path, node_name)
            node = self.nodes[node_name]
            if node.kind == "end":
                return body, frontier, False
            if node.kind == "kill":
                body.append(self.task(node_name, "kill", frontier, gate))
                return body, [], True
            step = self._step(node, stop, frontier, gate, path)
            if step is None:
                return body, frontier, True
            stmts, frontier, node_name = step
            body += stmts
        return body, frontier, False

    def _step(
        self, node: Node, stop: str, frontier: list[str], gate: str, path: tuple[str, ...]
    ) -> tuple[list[Stmt], list[str], str] | None:
        if node.kind == "action":
            return self._action(node, frontier, gate, path)
        if node.kind == "decision":
            return self._decision(node, frontier, gate, path)
        if node.kind == "fork":
            return self._fork(node, frontier, gate, path)
        if node.kind in ("join", "start"):
            return [], frontier, node.to[0] if node.to else EXIT
        return None

    def _action(
        self, node: Node, frontier: list[str], gate: str, path: tuple[str, ...]
    ) -> tuple[list[Stmt], list[str], str]:
        task = self.task(node.name, "action", frontier, gate)
        ok = node.to[0] if node.to else EXIT
        handler = node.error_to
        if not handler or handler not in self.nodes or self.nodes[handler].kind == "kill":
            return [task], [task.task_id], ok
        if self.nodes[handler].kind == "end":
            self.findings.append(make("OZ020", self.loc(node.name), node=node.name))
            return [task], [task.task_id], ok
        status = self.task(node.name, "gate", [task.task_id], gate)
        meet = ipdom(node.name, self.pdom, self.nodes)
        err_body, err_front, err_dead = self.walk(
            handler, meet, [status.task_id], status.task_id, path
        )
        failed = Branch("failed", err_body, handler)
        # A handler that ends in <kill> fails the run as Oozie did; one that recovers does not.
        code = "OZ066" if err_dead else "OZ019"
        self.findings.append(make(code, self.loc(node.name), node=node.name, target=handler))
        if meet == EXIT or err_dead:
            # The handler never meets the ok path (it ends the run, often in a <kill>): the ok
            # path goes on as usual (a failed task stops it); only the handler is gated.
            gated: list[Stmt] = [BranchStmt(status.task_id, "state", [failed])] if err_body else []
            return [task, status, *gated], [task.task_id], ok
        # Both paths meet again: each is gated, and the meeting node waits for both blocks.
        ok_body: list[Stmt] = []
        ok_front, ok_dead = [status.task_id], False
        if ok != meet:
            ok_body, ok_front, ok_dead = self.walk(ok, meet, [status.task_id], gate, path)
        arms = [Branch("succeeded", ok_body, ok)] if ok_body else []
        arms += [failed] if err_body else []
        stmts: list[Stmt] = [task, status]
        if arms:
            stmts.append(BranchStmt(status.task_id, "state", arms, joined=True))
        front = ([] if ok_dead else ok_front) + ([] if err_dead else err_front)
        return stmts, sorted(set(front)) or [status.task_id], meet

    def _decision(
        self, node: Node, frontier: list[str], gate: str, path: tuple[str, ...]
    ) -> tuple[list[Stmt], list[str], str]:
        if node.name in self.folded:
            return [], frontier, self.folded[node.name]
        decide = self.task(node.name, "decide", frontier, gate)
        meet = ipdom(node.name, self.pdom, self.nodes)
        targets = list(dict.fromkeys([t for _, t in node.cases] + [node.default]))
        arms: list[Branch] = []
        front: list[str] = []
        all_emitted = True
        for target in [t for t in targets if t]:
            body, out, dead = self.walk(target, meet, [decide.task_id], gate, path)
            if not body:
                all_emitted = False
                front.append(decide.task_id)
                continue
            arms.append(Branch(target, body, target))
            front += [] if dead else out
        otherwise = None
        if arms and all_emitted and len(arms) > 1:
            otherwise = arms.pop()
        stmts: list[Stmt] = [decide]
        if arms:
            stmts.append(BranchStmt(decide.task_id, "branch", arms, otherwise, joined=meet != EXIT))
        return stmts, sorted(set(front)) or [decide.task_id], meet

    def _fork(
        self, node: Node, frontier: list[str], gate: str, path: tuple[str, ...]
    ) -> tuple[list[Stmt], list[str], str]:
        join = ipdom(node.name, self.pdom, self.nodes)
        if join == EXIT or self.nodes[join].kind != "join":
            detail = "its paths never meet" if join == EXIT else f"they meet at `{join}`"
            self.findings.append(make("OZ006", self.loc(node.name), fork=node.name, detail=detail))
        stmts: list[Stmt] = []
        front: list[str] = []
        for start in node.to:
            body, out, dead = self.walk(start, join, frontier, gate, path)
            stmts += body
            front += [] if dead else out
        # Continue after the join (or, for a malformed fork, at the meeting node itself).
        after = join
        if join != EXIT and self.nodes[join].kind == "join":
            after = self.nodes[join].to[0] if self.nodes[join].to else EXIT
        return stmts, sorted(set(front)) or frontier, after


def structure(wf: OozieWorkflow, folded: dict[str, str]) -> Structure:
    """The blocks of a workflow, from <start>; too many nodes fail fast (no analysis)."""
    if len(reachable_nodes(wf)) > MAX_TASKS:
        return Structure([], [], {}, too_large=True)
    walker = _Walker(wf, folded)
    body, _, _ = walker.walk(wf.start, EXIT, [], "", ())
    for name, node in wf.nodes.items():
        if name not in walker.reachable and node.kind not in ("kill", "end"):
            walker.findings.append(make("OZ004", walker.loc(name), node=name))
    too_large = walker.total > MAX_TASKS
    return Structure(body, walker.findings, walker.emitted, too_large)
