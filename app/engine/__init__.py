"""The billing engine: plain Python, no web framework. Policies in, quotes out.

Callers outside the engine import from here, never from its modules
(`tests/unit/test_architecture.py` checks it).
"""

# First: it refuses compiled modules older than their sources, before any is imported.
import app.engine.compiled  # noqa: F401
from app.engine.assignments import group_by_ticket
from app.engine.batch import GroupBy, QuotedEntries, unreadable
from app.engine.book import (
    BUILTIN_DIR,
    MAX_NESTING,
    MAX_POLICY_BYTES,
    CompiledPolicy,
    PolicyBook,
    load_policies,
    load_policy_file,
    policy_files,
)
from app.engine.compare import CustomerTotals, OtherTerms, SecondOpinion
from app.engine.compiled import REBUILD, compiled_modules
from app.engine.coverage import ordinary_support
from app.engine.derive import MAX_EXTENDS_DEPTH, differences, value_at
from app.engine.errors import (
    EngineError,
    FieldProblem,
    InvalidEntry,
    InvalidRequest,
    PolicyError,
    UnknownPolicy,
)
from app.engine.local_time import LocalTimeError, check_zone_choice, localize, policy_zones
from app.engine.parties import (
    Address,
    Buyer,
    Seller,
    luhn_valid,
    mod11_valid,
    organisation_number_problem,
)
from app.engine.policy import (
    MAX_BANDS,
    WEEKDAYS,
    Band,
    Condition,
    Language,
    Message,
    Policy,
    TimeRange,
)
from app.engine.policy_check import check_policy_files, files_of
from app.engine.quote import DEFAULT_LIMITS, Limits, quote
from app.engine.request import (
    Cause,
    Channel,
    EquipmentFrom,
    ExactJson,
    MaterialKind,
    QuoteRequest,
    WorkKind,
    exact_numbers,
)
from app.engine.result import Amount, FairUseCount, Multiplier, Quote
from app.engine.stream import StreamedBatch, in_order, quote_batch
from app.engine.timeline import day_tiles
from app.engine.trace import Trace, TracedSitting, trace
from app.engine.versions import PolicyVersions

__all__ = [
    "Address",
    "Amount",
    "BUILTIN_DIR",
    "Band",
    "Buyer",
    "Cause",
    "Channel",
    "CompiledPolicy",
    "Condition",
    "CustomerTotals",
    "DEFAULT_LIMITS",
    "EngineError",
    "EquipmentFrom",
    "ExactJson",
    "FairUseCount",
    "FieldProblem",
    "GroupBy",
    "InvalidEntry",
    "InvalidRequest",
    "Language",
    "Limits",
    "LocalTimeError",
    "MAX_BANDS",
    "MAX_EXTENDS_DEPTH",
    "MAX_NESTING",
    "MAX_POLICY_BYTES",
    "MaterialKind",
    "Message",
    "Multiplier",
    "OtherTerms",
    "Policy",
    "PolicyBook",
    "PolicyError",
    "PolicyVersions",
    "Quote",
    "QuoteRequest",
    "QuotedEntries",
    "REBUILD",
    "SecondOpinion",
    "Seller",
    "StreamedBatch",
    "TimeRange",
    "Trace",
    "TracedSitting",
    "UnknownPolicy",
    "WEEKDAYS",
    "WorkKind",
    "check_policy_files",
    "check_zone_choice",
    "compiled_modules",
    "day_tiles",
    "differences",
    "exact_numbers",
    "files_of",
    "group_by_ticket",
    "in_order",
    "load_policies",
    "load_policy_file",
    "localize",
    "luhn_valid",
    "mod11_valid",
    "ordinary_support",
    "organisation_number_problem",
    "policy_files",
    "policy_zones",
    "quote",
    "quote_batch",
    "trace",
    "unreadable",
    "value_at",
]
