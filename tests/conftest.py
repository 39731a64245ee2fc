import io
import os

import pytest
from hypothesis import HealthCheck, settings

from app.api.operations import logs

settings.register_profile(
    "ci", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


class _Discard(io.StringIO):
    def write(self, text: str) -> int:
        return len(text)


@pytest.fixture(autouse=True, scope="session")
def quiet_log_lines():
    """Keep the service's log lines out of the test report (tests that read them redirect them)."""
    logs.pipeline().stream = _Discard()
    yield
    logs.pipeline().flush()
