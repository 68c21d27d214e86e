"""A response load records each conciliation's answers in a few items of glosa_responses (split when they are
large); the readers — the already-answered check of the next load, the detail file and screens
(`conciliation_responses`) — read those items, the one-invoice items and the one-answer items recorded before them
alike."""

from __future__ import annotations

import json
from datetime import date

import boto3

from chalicelib.config import get_settings
from chalicelib.glosas.models import GlosaResponse
from chalicelib.glosas.repository import GROUP_BYTES, GlosaRepository, as_response
from chalicelib.glosas.responses import ALREADY_ANSWERED, RECORDED, Answer, ResponseRow, StoredDetail, evaluate

PROVIDER = "NI#900123456"
DAY = date(2024, 3, 8)


def answer(key: str, accepted: int = 100, observations: str | None = "Se acepta", credit_note: str | None = None,
           late: bool = False) -> Answer:
    return Answer(key, DAY, "RE9801", "Glosa aceptada parcialmente", accepted, 50, credit_note, observations, late)


def stored_items() -> list[dict]:
    """The table's raw items (a grouped item's answers are not a model attribute)."""
    dynamodb = boto3.client("dynamodb", region_name=get_settings().region)
    return dynamodb.query(TableName=GlosaResponse.Meta.table_name, KeyConditionExpression="provider_id = :p",
                          ExpressionAttributeValues={":p": {"S": PROVIDER}})["Items"]


def expected(a: Answer, process: int):
    return as_response(GlosaResponse(
        PROVIDER, a.detail_key, fecha_respuesta_a_glosa_ips=a.answered_on.isoformat(),
        codigo_respuesta_glosa_ips=a.code, descripcion_respuesta_glosa_ips=a.description,
        valor_aceptado_ips=a.accepted, valor_sustentado_ips=a.sustained, numero_nota_credito_ips=a.credit_note,
        observaciones_ips_respuesta_a_glosa=a.observations, late=a.late, process_number=process))


def test_a_conciliations_answers_are_one_item_read_back_whole_by_every_reader(aws):
    answers = [answer("50001#FE#10#2", 7, credit_note="NC-1"), answer("50001#FE#10#1", late=True),
               answer("50001#FE#9#1", observations="Línea única: ñ"), answer("50002#FE#10#1")]
    assert GlosaRepository().record_answers(PROVIDER, answers, process=3) == 4

    assert len(stored_items()) == 2  # 50001 (FE#10 and FE#9), 50002
    assert GlosaRepository().conciliation_responses(PROVIDER, "50001") == {
        a.detail_key: expected(a, 3) for a in answers[:3]}
    assert GlosaRepository().conciliation_responses(PROVIDER, "50002") == {"50002#FE#10#1": expected(answers[3], 3)}
    assert GlosaRepository().conciliation_responses(PROVIDER, "5000") == {}  # a prefix of another conciliation
    assert sorted(GlosaRepository().answered_details(PROVIDER, "50001")) == [
        ("50001#FE#10#1", 3), ("50001#FE#10#2", 3), ("50001#FE#9#1", 3)]


def test_a_conciliations_answers_past_the_item_limit_are_split_in_order_and_read_back_whole(aws):
    # ~0.8 MB of answers, whose text also holds what separates two entries of a group's JSON
    answers = [answer(f"50001#FE#{n:04d}#1", observations=("ñ" * 1990) + '"],["50001#') for n in range(200)]
    GlosaRepository().record_answers(PROVIDER, answers, process=4)

    items = sorted(stored_items(), key=lambda item: item["detail_key"]["S"])
    assert len(items) > 2
    assert all(len(item["respuestas"]["S"].encode()) <= GROUP_BYTES for item in items)
    assert [key for item in items for key, *_ in json.loads(item["respuestas"]["S"])] == [
        a.detail_key for a in answers]
    assert GlosaRepository().conciliation_responses(PROVIDER, "50001") == {a.detail_key: expected(a, 4)
                                                                           for a in answers}


def test_answers_grouped_by_invoice_by_the_first_grouping_are_read_with_the_conciliations(aws):
    dynamodb = boto3.client("dynamodb", region_name=get_settings().region)
    entry = '["50001#FE#1#1","2024-03-08","RE9801","Glosa aceptada parcialmente",100,50,null,"Se acepta",false]'
    dynamodb.put_item(TableName=GlosaResponse.Meta.table_name, Item={
        "provider_id": {"S": PROVIDER}, "detail_key": {"S": "50001#FE#1#~000000002#000"},
        "process_number": {"N": "2"}, "respuestas": {"S": f"[{entry}]"}})
    GlosaRepository().record_answers(PROVIDER, [answer("50001#FE#2#1")], process=3)

    assert GlosaRepository().conciliation_responses(PROVIDER, "50001") == {
        "50001#FE#1#1": expected(answer("50001#FE#1#1"), 2), "50001#FE#2#1": expected(answer("50001#FE#2#1"), 3)}
    assert sorted(GlosaRepository().answered_details(PROVIDER, "50001")) == [("50001#FE#1#1", 2), ("50001#FE#2#1", 3)]


def test_answers_recorded_one_per_item_before_are_read_with_the_grouped_ones(aws):
    GlosaResponse(PROVIDER, "50001#FE#1#1", fecha_respuesta_a_glosa_ips="2024-03-01", codigo_respuesta_glosa_ips="X",
                  descripcion_respuesta_glosa_ips="Y", valor_aceptado_ips=5, valor_sustentado_ips=0).save()
    GlosaRepository().record_answers(PROVIDER, [answer("50001#FE#1#2"), answer("50001#FE#2#1")], process=4)

    found = GlosaRepository().conciliation_responses(PROVIDER, "50001")
    assert (found["50001#FE#1#1"].valor_aceptado_ips, found["50001#FE#1#1"].process_number) == (5, None)
    assert found["50001#FE#2#1"] == expected(answer("50001#FE#2#1"), 4)
    assert sorted(GlosaRepository().answered_details(PROVIDER, "50001")) == [
        ("50001#FE#1#1", 0), ("50001#FE#1#2", 4), ("50001#FE#2#1", 4)]


def test_a_conciliation_whose_answers_exceed_one_item_is_split_and_read_whole(aws):
    long = "Observación de la IPS con soportes " * 57  # ~2,000 characters, some of two bytes
    answers = [answer(f"50001#FE#1#{line}", observations=long) for line in range(1, 301)]
    GlosaRepository().record_answers(PROVIDER, answers, process=5)

    items = stored_items()
    assert len(items) > 1 and all(len(item["respuestas"]["S"].encode()) < 400_000 for item in items)
    found = GlosaRepository().conciliation_responses(PROVIDER, "50001")
    assert found == {a.detail_key: expected(a, 5) for a in answers}


def test_a_second_load_of_the_same_line_is_refused_and_a_retry_of_the_same_load_is_not(aws):
    repository = GlosaRepository()
    repository.record_answers(PROVIDER, [answer("50001#FE#1#1")], process=6)
    detail = StoredDetail("50001#FE#1#1", "50001#FE#1", 1000, date(2024, 3, 5))
    row = ResponseRow(2, "50001#FE#1#1", 100, 50, None, "Otra vez")

    def outcome(process: int) -> str:
        answered = {key for key, number in repository.answered_details(PROVIDER, "50001") if number != process}
        return evaluate([row], {detail.detail_key: detail}, answered, DAY)[0].result

    assert outcome(process=7) == ALREADY_ANSWERED
    assert outcome(process=6) == RECORDED
