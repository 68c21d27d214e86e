"""The response file's row rules, with the seed's messages, on plain values."""

from __future__ import annotations

from datetime import date

from chalicelib.glosas import responses as rules
from chalicelib.glosas.responses import ResponseRow, StoredDetail, deadline, evaluate


def detail(invoice: str, n: int, value: int = 10_000, notified: date = date(2025, 3, 14)) -> StoredDetail:
    return StoredDetail(f"50001#FE#{invoice}#{n}", f"50001#FE#{invoice}", value, notified)


DETAILS = {d.detail_key: d for d in (detail("100", 1), detail("100", 2), detail("101", 1), detail("102", 1))}


def row(line: int, key: str, accepted=None, sustained=None) -> ResponseRow:
    return ResponseRow(line, key, accepted, sustained, "NC-1" if accepted else None, "observación")


def results(rows, answered=frozenset(), today=date(2025, 3, 20)):
    return [(o.line, o.result) for o in evaluate(rows, DETAILS, set(answered), today)]


def test_the_deadline_counts_business_days_and_colombian_holidays():
    # Friday 14 March 2025; Monday 24 March is San José (observed): 15 business days end on 7 April, not 4 April.
    assert deadline(date(2025, 3, 14)) == date(2025, 4, 7)
    assert deadline(date(2025, 6, 2)) == date(2025, 6, 24)  # 23 June (Corpus Christi, observed) skipped too


def test_a_whole_invoice_is_recorded_with_codes_derived_from_the_values():
    outcomes = evaluate([row(2, "50001#FE#100#1", accepted=10_000), row(3, "50001#FE#100#2", sustained=10_000),
                         row(4, "50001#FE#101#1", accepted=4_000, sustained=6_000)], DETAILS, set(), date(2025, 3, 20))
    assert [o.result for o in outcomes] == [rules.RECORDED] * 3
    assert [(o.answer.code, o.answer.description) for o in outcomes] == [
        ("RE9702", "Glosa aceptada al 100 %"), ("RE9901", "Glosa no aceptada y subsanada en su totalidad"),
        ("RE9801", "Glosa aceptada parcialmente")]
    assert outcomes[0].answer.credit_note == "NC-1" and outcomes[0].answer.late is False


def test_an_invoice_answered_in_part_is_refused_line_by_line_and_unanswered_invoices_wait():
    assert results([row(2, "50001#FE#100#1", accepted=1), row(3, "50001#FE#100#2"), row(4, "50001#FE#102#1")]) == [
        (2, rules.INCOMPLETE_INVOICE), (3, rules.INCOMPLETE_INVOICE), (4, rules.NO_ANSWER)]


def test_the_rest_of_an_invoice_answered_before_completes_it():
    assert results([row(3, "50001#FE#100#2", sustained=5)], answered={"50001#FE#100#1"}) == [(3, rules.RECORDED)]


def test_already_answered_over_the_glosa_and_unknown_rows_are_refused():
    assert results([row(2, "50001#FE#101#1", accepted=1)], answered={"50001#FE#101#1"}) == [
        (2, rules.ALREADY_ANSWERED)]
    assert results([row(2, "50001#FE#101#1", accepted=6_000, sustained=4_001)]) == [(2, rules.OVER_GLOSA)]
    assert results([row(2, "50001#FE#999#1", accepted=1)]) == [(2, rules.NOT_FOUND)]


def test_one_line_refused_for_itself_leaves_its_invoice_incomplete():
    assert results([row(2, "50001#FE#100#1", accepted=10_001), row(3, "50001#FE#100#2", accepted=1)]) == [
        (2, rules.OVER_GLOSA), (3, rules.INCOMPLETE_INVOICE)]


def test_a_line_twice_in_the_file_counts_once():
    assert results([row(2, "50001#FE#101#1", accepted=1), row(3, "50001#FE#101#1", accepted=2)]) == [
        (2, rules.RECORDED), (3, rules.ALREADY_ANSWERED)]


def test_a_late_answer_is_recorded_and_flagged_with_the_seed_s_message():
    [outcome] = evaluate([row(2, "50001#FE#102#1", accepted=1)], DETAILS, set(), date(2025, 4, 8))
    assert outcome.result == rules.LATE and outcome.answer.late is True
    [in_time] = evaluate([row(2, "50001#FE#102#1", accepted=1)], DETAILS, set(), date(2025, 4, 7))
    assert in_time.result == rules.RECORDED
