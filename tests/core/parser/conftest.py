from __future__ import annotations

from pathlib import Path

import pytest

DOCUMENTS = Path(__file__).parent / "documents"


@pytest.fixture(scope="session")
def tongshan_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The .docx test document, built by the script committed beside the others."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "make_tongshan_docx", DOCUMENTS / "make_tongshan_docx.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build(tmp_path_factory.mktemp("docx") / "tongshan-2023.docx")
