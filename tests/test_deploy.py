"""deploy/kubernetes: valid against the Kubernetes API schemas (offline, from the schemas the
kubernetes-validate package ships) and in step with the app it runs."""

import re
import shutil
import socket
import subprocess

import kubernetes_validate
import pytest
import yaml

from app.api.application import create_app
from app.api.settings import ENV_PREFIX, Settings
from app.version import VERSION
from tests.http_clients import app_client
from tests.readme_examples import ROOT

BASE = ROOT / "deploy" / "kubernetes"
KUSTOMIZATION = yaml.safe_load((BASE / "kustomization.yaml").read_text(encoding="utf-8"))
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
# The oldest Kubernetes the manifests are for: the pre-stop `sleep` action is beta from 1.30.
KUBERNETES = ["1.30.0", "1.37.0"]
SAMPLE_KEYS = "BILLING_API_KEYS=deploy-test-key-0123456789\n"


def objects():
    """Return the base's objects as kustomize makes them: its resources and generated Secret."""
    found = []
    for name in KUSTOMIZATION["resources"]:
        found += [doc for doc in yaml.safe_load_all((BASE / name).read_text()) if doc]
    for generator in KUSTOMIZATION["secretGenerator"]:
        assert generator["envs"] == ["api-keys.env"]
        key, _, value = SAMPLE_KEYS.strip().partition("=")
        secret = {"apiVersion": "v1", "kind": "Secret", "type": "Opaque"}
        found.append(secret | {"metadata": {"name": generator["name"]}, "stringData": {key: value}})
    return found


def the(kind):
    (found,) = [o for o in objects() if o["kind"] == kind]
    return found


DEPLOYMENT = the("Deployment")
POD = DEPLOYMENT["spec"]["template"]
CONTAINER = POD["spec"]["containers"][0]
ENV = {e["name"]: e.get("value") for e in CONTAINER["env"]}


@pytest.fixture
def no_network(monkeypatch):
    """Fail any attempt to open a connection: the schemas must come from the package."""

    def refuse(*args, **kwargs):
        raise AssertionError("a test tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.parametrize("version", KUBERNETES)
def test_every_object_is_valid_for_the_kubernetes_api(no_network, version):
    made = objects()
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


def test_the_pod_runs_unprivileged_on_a_read_only_root_filesystem():
    assert POD["spec"]["securityContext"]["runAsNonRoot"] is True
    user = re.search(r"^USER (\d+):(\d+)$", DOCKERFILE, re.MULTILINE)
    assert str(POD["spec"]["securityContext"]["runAsUser"]) == user[1]
    security = CONTAINER["securityContext"]
    assert security["readOnlyRootFilesystem"] is True
    assert security["allowPrivilegeEscalation"] is False
    assert security["capabilities"]["drop"] == ["ALL"]
    assert CONTAINER["resources"]["requests"]["cpu"] and CONTAINER["resources"]["limits"]["memory"]


def test_the_probes_ask_paths_the_app_answers_on_the_port_it_listens_on():
    probes = [CONTAINER[p] for p in ("startupProbe", "livenessProbe", "readinessProbe")]
    assert CONTAINER["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert CONTAINER["readinessProbe"]["httpGet"]["path"] == "/readyz"
    (port,) = CONTAINER["ports"]
    with app_client(create_app(Settings(api_keys=("k" * 32,)))) as client:
        for probe in probes:
            assert client.get(probe["httpGet"]["path"]).status_code == 200  # and needs no key
            assert probe["httpGet"]["port"] == port["name"]
        metrics = client.get(POD["metadata"]["annotations"]["prometheus.io/path"])
        assert metrics.status_code == 401  # a key is needed, unless made public as below
    assert f"EXPOSE {port['containerPort']}" in DOCKERFILE
    assert f'"--port", "{port["containerPort"]}"' in DOCKERFILE
    annotations = POD["metadata"]["annotations"]
    assert annotations["prometheus.io/port"] == str(port["containerPort"])


def test_every_setting_the_pod_sets_is_one_the_app_reads():
    settings = {ENV_PREFIX + name.upper() for name in Settings.model_fields}
    keys = {line.partition("=")[0] for line in SAMPLE_KEYS.splitlines()}
    for name in [*ENV, *keys]:
        if name.startswith(ENV_PREFIX):
            assert name in settings, f"{name} is no setting of the app"
    Settings(**{n.removeprefix(ENV_PREFIX).lower(): v for n, v in ENV.items() if n in settings})
    assert ENV["BILLING_METRICS_PUBLIC"] == "true"  # the scrape annotations carry no key


def test_policies_and_metrics_folders_are_mounted_where_the_settings_point():
    mounts = {m["name"]: m["mountPath"] for m in CONTAINER["volumeMounts"]}
    volumes = {v["name"]: v for v in POD["spec"]["volumes"]}
    assert mounts["policies"] == ENV["BILLING_POLICY_DIR"]
    assert volumes["policies"]["configMap"]["name"] == the("ConfigMap")["metadata"]["name"]
    # Writable, though the root filesystem is not: an emptyDir holds the metrics files.
    writable = [path for name, path in mounts.items() if "emptyDir" in volumes[name]]
    assert any(ENV["PROMETHEUS_MULTIPROC_DIR"].startswith(path + "/") for path in writable)
    secret = the("Secret")["metadata"]["name"]
    assert CONTAINER["envFrom"] == [{"secretRef": {"name": secret}}]


def test_the_service_autoscaler_and_budget_point_at_the_deployment():
    labels = POD["metadata"]["labels"]
    assert DEPLOYMENT["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert the("Service")["spec"]["selector"].items() <= labels.items()
    assert the("Service")["spec"]["ports"][0]["targetPort"] == CONTAINER["ports"][0]["name"]
    assert the("PodDisruptionBudget")["spec"]["selector"]["matchLabels"].items() <= labels.items()
    target = the("HorizontalPodAutoscaler")["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", DEPLOYMENT["metadata"]["name"])
    assert the("HorizontalPodAutoscaler")["spec"]["metrics"][0]["resource"]["name"] == "cpu"
    assert (
        POD["spec"]["terminationGracePeriodSeconds"]
        > CONTAINER["lifecycle"]["preStop"]["sleep"]["seconds"]
    )


def test_the_image_tag_is_the_package_version():
    (image,) = KUSTOMIZATION["images"]
    assert (image["name"], image["newTag"]) == (CONTAINER["image"], VERSION)


def test_the_api_keys_file_stays_out_of_the_repository():
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "deploy/kubernetes/api-keys.env" in ignored


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl is not installed")
def test_kustomize_renders_the_same_objects(tmp_path, no_network):
    base = tmp_path / "kubernetes"
    shutil.copytree(BASE, base)
    (base / "api-keys.env").write_text(SAMPLE_KEYS, encoding="utf-8")
    rendered = subprocess.run(
        ["kubectl", "kustomize", str(base)], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    made = [doc for doc in yaml.safe_load_all(rendered) if doc]
    expected = sorted((o["kind"], o["metadata"]["name"]) for o in objects())
    names = sorted((o["kind"], o["metadata"]["name"]) for o in made)
    secret = next(name for kind, name in names if kind == "Secret")
    assert names == sorted((kind, secret if kind == "Secret" else name) for kind, name in expected)
    assert secret.startswith("billing-quote-api-keys-")  # named by its content
    (deployment,) = [o for o in made if o["kind"] == "Deployment"]
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    assert container["image"] == f"billing-quote:{VERSION}"
    assert container["envFrom"] == [{"secretRef": {"name": secret}}]
    for manifest in made:
        kubernetes_validate.validate(manifest, KUBERNETES[0], strict=True)
