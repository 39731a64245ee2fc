from __future__ import annotations

import pytest

from tests.invoices.peppol import SKIP_REASON, Validator, available, validator


@pytest.fixture(scope="session")
def rules() -> Validator:
    """The UBL 2.1 XSD and both Peppol BIS 3.0 rule sets, loaded once per session."""
    if not available():
        pytest.skip(SKIP_REASON)
    return validator()
