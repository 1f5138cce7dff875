"""The rules of `core/planfile.py`: every problem of a plan file is reported with its place
(issue 19, its first mutation run). The places and lines are counted by hand from the texts
below; pydantic's own messages are English and keep ASCII separators. Pure, no database.
"""

from __future__ import annotations

import pytest

from innocounty.core.planfile import (
    PlanFileError,
    load_plan_file,
    loads_plan,
    plan_from_data,
    save_plan_file,
    shipped_plan_path,
)

BASE = {
    "key": "p",
    "title": "方案",
    "start_year": 2023,
    "end_year": 2025,
    "units": [{"name": "甲"}],
}


def refused(call, *args, **kwargs) -> PlanFileError:
    with pytest.raises(PlanFileError) as caught:
        call(*args, **kwargs)
    return caught.value


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # The list opened on line 2 is still open when the text ends, on line 3.
        (
            "key: p\ntitle: [\n",
            "第 3 行附近 YAML 格式错误：expected the node content, but found '<stream end>'",
        ),
        ("key: p\n  title: x\n", "第 2 行附近 YAML 格式错误：mapping values are not allowed here"),
        ("- 1\n", "方案文件的顶层必须是键值对（mapping）"),
    ],
)
def test_a_file_that_is_not_a_plan_names_the_line_and_the_file(text, message):
    error = refused(loads_plan, text, source="x.yaml")
    assert (str(error), error.problems, error.source) == (f"x.yaml: {message}", [message], "x.yaml")


def test_a_field_is_named_by_its_path_and_a_task_by_its_number():
    data = {
        **BASE,
        "programs": [{"number": 1, "title": "工程", "tasks": [{"number": 4, "title": ""}]}],
    }
    error = refused(plan_from_data, data, source="y.yaml")
    assert (
        str(error)
        == "y.yaml: programs[0].tasks[0]（任务 4）.title: String should have at least 1 character"
    )
    missing = {**BASE, "programs": [{"number": 1, "title": "工程", "tasks": [{"number": 4}]}]}
    # Without a title the task is not named by its number.
    assert refused(plan_from_data, missing).problems == [
        "programs[0].tasks[0].title: Field required"
    ]
    value = {
        **BASE,
        "indicators": [
            {
                "code": "N01",
                "category": "投入",
                "number": 1,
                "name": "指标",
                "unit": "%",
                "targets": [{"year": 2024, "kind": "target", "value": "x"}],
            }
        ],
    }
    assert refused(plan_from_data, value).problems == [
        "indicators[0] (N01).targets[0].value: Input should be a valid decimal"
    ]


def test_chinese_problems_take_the_chinese_separator_and_english_ones_the_ascii_one():
    data = {
        **BASE,
        "programs": [
            {
                "number": 1,
                "title": "工程",
                "tasks": [{"number": 4, "title": "任务", "lead_units": ["乙", "丙"]}],
            }
        ],
    }
    assert str(refused(plan_from_data, data)) == (
        "programs[0].tasks[0]（任务 4）.lead_units：未知单位“乙”；"
        "programs[0].tasks[0]（任务 4）.lead_units：未知单位“丙”"
    )
    assert str(PlanFileError(["a", "b"])) == "a; b"
    assert str(PlanFileError(["甲", "乙"], source="s.yaml")) == "s.yaml: 甲；乙"
    assert PlanFileError(["a"]).source == ""


def test_a_file_that_cannot_be_read_says_why(tmp_path):
    missing = tmp_path / "none.yaml"
    assert refused(load_plan_file, missing).problems == [f"找不到方案文件：{missing}"]
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("key: 潜江".encode("gb18030"))
    assert refused(load_plan_file, latin).problems == [f"方案文件不是 UTF-8 文本：{latin}"]
    assert refused(load_plan_file, tmp_path).problems == [f"{tmp_path}: Is a directory"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("- 1\n", encoding="utf-8")
    assert str(refused(load_plan_file, bad)) == f"{bad}: 方案文件的顶层必须是键值对（mapping）"


def test_a_character_yaml_refuses_has_no_line_to_name():
    error = refused(loads_plan, "key: a\x07b")
    assert str(error).startswith("第 ? 行附近 YAML 格式错误：unacceptable character #x0007")
    assert str(refused(loads_plan, "- 1\n")) == "方案文件的顶层必须是键值对（mapping）"  # no file


def test_a_saved_plan_reads_back_the_same(tmp_path):
    plan = load_plan_file(shipped_plan_path("qianjiang-2023"))
    assert shipped_plan_path().name == "qianjiang-2023.yaml"
    path = tmp_path / "plan.yaml"
    save_plan_file(plan, path)
    assert load_plan_file(path) == plan
    assert "潜江" in path.read_text(encoding="utf-8")  # Chinese kept as is, not escaped
