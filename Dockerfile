# Python 3.11: the interpreter requirements.lock is resolved for.
# The build stage compiles the engine with mypyc into a wheel; the image gets only the wheel.
FROM python:3.11-slim-bookworm AS build

ENV PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /build

# A C compiler for mypyc. It stays in this stage, so its exact version never reaches the image.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libc6-dev \
    && rm -rf /var/lib/apt/lists/*

# The service's dependencies plus mypy (mypyc), exactly as locked.
COPY requirements-compile.lock ./
RUN pip install --require-hashes --no-deps -r requirements-compile.lock

COPY pyproject.toml setup.py README.md LICENSE ./
COPY app ./app
RUN BILLING_COMPILE=1 pip wheel --no-deps --wheel-dir /wheels --no-build-isolation .

FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    WEB_CONCURRENCY=2 \
    PROMETHEUS_MULTIPROC_DIR=/tmp/metrics

WORKDIR /srv

# Dependencies in their own layer, exactly as locked (versions and hashes): rebuilt only when
# requirements.lock changes.
COPY requirements.lock ./
RUN pip install --require-hashes --no-deps -r requirements.lock

# The service from the compiled wheel (its log config inside). No sources in /srv, where they
# would be imported instead of the installed package.
COPY --from=build /wheels /wheels
RUN pip install --no-deps /wheels/*.whl \
    && rm -rf /wheels \
    && groupadd --system --gid 10001 billing \
    && useradd --system --uid 10001 --gid 10001 --no-create-home billing

USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"]

# `billing-quote serve` runs uvicorn with WEB_CONCURRENCY workers, the guarded protocol (header
# cap, slow-client timeouts, connection cap) and the service's JSON logs; it empties
# PROMETHEUS_MULTIPROC_DIR first, so a restarted container starts its metrics from zero.
CMD ["billing-quote", "serve", "--host", "0.0.0.0", "--port", "8000"]
