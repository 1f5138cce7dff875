"""Located import problems (`excel.Problem`) and how they read; no database."""

from innocounty.reporting.excel import ExcelImportError, Problem


def test_a_problem_reads_with_its_place_in_the_file():
    assert str(Problem("文件太大")) == "文件太大"
    assert str(Problem("有合并单元格 J8:K8", "填报")) == "工作表“填报” 有合并单元格 J8:K8"
    assert str(Problem("指标重复", "填报", 9)) == "工作表“填报” 第 9 行：指标重复"
    assert (
        str(Problem("不是整数", "指标值", 12, 28, "修订号"))
        == "工作表“指标值” 第 12 行 AB 列（修订号）：不是整数"
    )


def test_the_error_lists_file_problems_first_then_rows_in_order():
    error = ExcelImportError(
        [
            Problem("c", "填报", 12),
            Problem("a", "填报", 8, 7, "数值"),
            Problem("文件"),
            Problem("b", "填报", 8),
        ]
    )
    assert error.problems == [
        "文件",
        "工作表“填报” 第 8 行 G 列（数值）：a",
        "工作表“填报” 第 8 行：b",
        "工作表“填报” 第 12 行：c",
    ]
    assert [p.row for p in error.located] == [None, 8, 8, 12]
