"""The billing engine: plain Python, no web framework. Policies in, quotes out."""

# First: it refuses compiled modules older than their sources, before any is imported.
import app.engine.compiled  # noqa: F401
from app.engine.book import CompiledPolicy, PolicyBook, load_policies, load_policy_file
from app.engine.errors import EngineError, FieldProblem, InvalidRequest, PolicyError, UnknownPolicy
from app.engine.quote import Limits, quote
from app.engine.request import QuoteRequest
from app.engine.result import Quote

__all__ = [
    "CompiledPolicy",
    "EngineError",
    "FieldProblem",
    "InvalidRequest",
    "Limits",
    "PolicyBook",
    "PolicyError",
    "Quote",
    "QuoteRequest",
    "UnknownPolicy",
    "load_policies",
    "load_policy_file",
    "quote",
]
