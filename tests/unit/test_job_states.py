from typing import get_args

from chalicelib.cartera.pipeline import Status as CarteraStatus
from chalicelib.glosas.loads import Status as GlosaStatus
from chalicelib.ingest.pipeline import Status as IngestStatus
from chalicelib.jobs.states import JobState


def _states(status_class) -> set[str]:
    return {v for k, v in vars(status_class).items() if not k.startswith("_") and isinstance(v, str)}


def test_the_documented_job_states_are_exactly_the_pipelines_states():
    """A state a pipeline writes but the enum lacks would fail the answer; one the enum has but no pipeline
    writes would be a label for nothing."""
    assert set(get_args(JobState)) == _states(IngestStatus) | _states(CarteraStatus) | _states(GlosaStatus)
