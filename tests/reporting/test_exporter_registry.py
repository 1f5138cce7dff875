"""The one registry of exporters and the Word-table renderer (`reporting.exporters`)."""

from decimal import Decimal

import pytest

from innocounty.reporting import exporters


@pytest.mark.parametrize("code", list(exporters.EXPORTERS))
def test_every_registered_exporter_imports_and_carries_its_code(code):
    exporter_class = exporters.exporter_class(code)
    assert issubclass(exporter_class, exporters.BaseExporter)
    assert exporter_class.identifier == code.split(".", 1)[1]
    assert str(exporter_class.verbose_name)


def test_an_apps_exporters_are_listed_by_the_rest_of_their_code():
    assert sorted(exporters.exporters_of("bulletins")) == ["chase", "indicators", "scorecards"]
    assert exporters.exporters_of("supervision")["ledger"].__name__ == "LedgerExporter"


class _Pairs(exporters.BaseExporter):
    def headers(self):
        return ["序号", "名称", "数值"]

    def rows(self):
        yield [1, "甲", Decimal("2.50")]
        yield [2, "乙", None]

    def highlighted(self, index):
        return index == 1


def test_word_table_rows_are_the_exporters_rows_as_text_with_their_mark():
    assert exporters.table_rows(_Pairs()) == [
        (["1", "甲", "2.50"], False),
        (["2", "乙", ""], True),
    ]
    assert exporters.table_rows(_Pairs(), (3, 1)) == [(["2.50", "1"], False), (["", "2"], True)]
