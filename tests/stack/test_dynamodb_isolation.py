"""The local stack's embedded AWS isolates DynamoDB writes as DynamoDB does: concurrent transactions with a
condition on the same item accept one, and a cancelled one undoes nothing another wrote. Threads over HTTP,
the way the stack's Lambdas and the API reach it."""

from __future__ import annotations

import threading

import boto3
import pytest

from chalicelib.common.db import bind_tables
from chalicelib.config import get_settings
from chalicelib.survey.questions import Channel
from chalicelib.survey.repository import SurveyRepository
from chalicelib.survey.store import AnswerToStore, Respondent
from devstack.embedded_aws import EmbeddedAws
from devstack.provision import provision

THREADS = 8
ROUNDS = 4
LEVELS = {"satisfaccion": "SATISFECHO", "facilidad": "FACIL", "recomendacion": "9", "resuelto": "SI"}


@pytest.fixture(scope="module")
def embedded():
    aws = EmbeddedAws().start()
    settings = get_settings()
    provision(boto3.Session(), "test", region=settings.region, endpoint_url=aws.endpoint_url)
    bind_tables(settings.table_prefix, settings.region, aws.endpoint_url)
    yield aws
    bind_tables(settings.table_prefix, settings.region, settings.endpoint_url)
    aws.stop()


def _all_at_once(work, count=THREADS) -> list:
    start, results, lock = threading.Barrier(count), [], threading.Lock()

    def run(i):
        start.wait()
        outcome = work(i)
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_one_answer_from_many_tabs_counted_once(embedded):
    repo = SurveyRepository(shards=1)  # every answer updates the same counters
    for round_ in range(ROUNDS):
        ana = Respondent(Channel.PROVEEDORES, "NI#900123456", f"CC#{round_}", "ADMINISTRADOR")
        accepted = _all_at_once(lambda i, ana=ana: repo.save_answer(
            AnswerToStore(ana, "2026-11", "2026-11-30T23:30:00-05:00", dict(LEVELS), f"tab-{i}")))
        assert accepted.count(True) == 1
    assert repo.tallies("proveedores", "2026-11", "2026-11")["2026-11"]["recomendacion"] == {"9": ROUNDS}


def test_a_cancelled_transaction_does_not_undo_concurrent_writes(embedded):
    dynamodb = boto3.client("dynamodb", region_name=get_settings().region, endpoint_url=embedded.endpoint_url)
    table = f"{get_settings().table_prefix}survey_tallies"

    def write(i):
        client = boto3.client("dynamodb", region_name=get_settings().region, endpoint_url=embedded.endpoint_url)
        if i % 2:  # plain counter updates racing the transactions
            client.update_item(TableName=table, Key={"channel": {"S": "race"}, "tally_key": {"S": "plain"}},
                               UpdateExpression="ADD #n :one", ExpressionAttributeNames={"#n": "count"},
                               ExpressionAttributeValues={":one": {"N": "1"}})
            return "plain"
        try:
            client.transact_write_items(TransactItems=[
                {"Put": {"TableName": table, "Item": {"channel": {"S": "race"}, "tally_key": {"S": "once"}},
                         "ConditionExpression": "attribute_not_exists(channel)"}},
                {"Update": {"TableName": table, "Key": {"channel": {"S": "race"}, "tally_key": {"S": "tx"}},
                            "UpdateExpression": "ADD #n :one", "ExpressionAttributeNames": {"#n": "count"},
                            "ExpressionAttributeValues": {":one": {"N": "1"}}}}])
            return "tx"
        except client.exceptions.TransactionCanceledException:
            return "cancelled"

    for n in range(200):  # a table of some size: moto copies it whole at the start of every transaction
        dynamodb.put_item(TableName=table, Item={"channel": {"S": "race"}, "tally_key": {"S": f"filler-{n}"}})
    outcomes = _all_at_once(write, count=2 * THREADS)

    def count(key):
        item = dynamodb.get_item(TableName=table, Key={"channel": {"S": "race"}, "tally_key": {"S": key}},
                                 ConsistentRead=True)["Item"]
        return int(item["count"]["N"])

    assert outcomes.count("tx") == 1 and count("tx") == 1
    assert count("plain") == outcomes.count("plain") == THREADS
