#!/usr/bin/env python3
"""Checks the files in ops/: every YAML file parses, the Kubernetes manifests and the systemd unit
agree with what roost does (probe paths, drain time within the grace period, secrets from a Secret
or an EnvironmentFile), and the unit passes `systemd-analyze verify` where that tool exists.

Run from anywhere: python3 ops/validate.py. Needs PyYAML (pip install pyyaml, or python3-yaml).
Prints one line per check and ends with "N passed, N failed"; exits 1 if any failed.
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

OPS = os.path.dirname(os.path.abspath(__file__))
results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(("ok    " if ok else "FAIL  ") + name + ("" if ok or not detail else ": " + detail))


def load_all(path):
    with open(path) as f:
        return [doc for doc in yaml.safe_load_all(f) if doc is not None]


def main():
    documents = {}
    for path in sorted(glob.glob(os.path.join(OPS, "**", "*.y*ml"), recursive=True)):
        name = os.path.relpath(path, OPS)
        try:
            documents[name] = load_all(path)
            check(f"{name} parses", True)
        except yaml.YAMLError as error:
            check(f"{name} parses", False, str(error).replace("\n", " "))

    k8s = [doc for name, docs in documents.items() if name.startswith("k8s/") for doc in docs]
    kinds = {doc.get("kind"): doc for doc in k8s}
    for kind in ["StatefulSet", "Service", "Secret", "PodDisruptionBudget"]:
        check(f"k8s has a {kind}", kind in kinds)

    services = [doc for doc in k8s if doc.get("kind") == "Service"]
    headless = [s for s in services if s["spec"].get("clusterIP") == "None"]
    check("k8s headless Service publishes not-ready pods (nodes join before they are ready)",
          bool(headless) and headless[0]["spec"].get("publishNotReadyAddresses") is True)

    statefulset = kinds.get("StatefulSet")
    if statefulset:
        spec = statefulset["spec"]
        pod = spec["template"]["spec"]
        container = pod["containers"][0]
        args = " ".join(container.get("command", []) + container.get("args", []))
        check("StatefulSet serviceName is the headless Service",
              bool(headless) and spec.get("serviceName") == headless[0]["metadata"]["name"])
        check("StatefulSet starts pods in parallel", spec.get("podManagementPolicy") == "Parallel")
        check("readinessProbe is /readyz", container["readinessProbe"]["httpGet"]["path"] == "/readyz")
        check("livenessProbe is /healthz", container["livenessProbe"]["httpGet"]["path"] == "/healthz")
        seed_dns = re.search(r"--seed-dns \"?roost-peers\.", args)
        check("nodes discover each other through the headless Service (--seed-dns)", seed_dns is not None)
        drain = re.search(r"--drain-seconds (\d+)", args)
        pre_stop = " ".join(container["lifecycle"]["preStop"]["exec"]["command"])
        sleep = re.search(r"sleep (\d+)", pre_stop)
        grace = pod.get("terminationGracePeriodSeconds", 30)
        check("preStop sends SIGTERM to roost and sleeps", "kill -TERM 1" in pre_stop and sleep is not None)
        check("terminationGracePeriodSeconds exceeds the drain and the preStop sleep",
              drain is not None and sleep is not None and grace > int(drain.group(1)) + 5 and grace > int(sleep.group(1)) + 5,
              f"grace {grace}, drain {drain and drain.group(1)}, sleep {sleep and sleep.group(1)}")
        secret_env = [e for e in container.get("env", []) if "secretKeyRef" in e.get("valueFrom", {})]
        check("cluster secret and admin token come from a Secret",
              {e["name"] for e in secret_env} >= {"ROOST_CLUSTER_SECRET", "ROOST_ADMIN_TOKEN"})
        check("container runs as non-root", pod.get("securityContext", {}).get("runAsNonRoot") is True)

    unit_path = os.path.join(OPS, "systemd", "roost.service")
    with open(unit_path) as f:
        unit = f.read()
    stop = re.search(r"^TimeoutStopSec=(\d+)", unit, re.M)
    with open(os.path.join(OPS, "config", "roost.env.example")) as f:
        env = f.read()
    drain = re.search(r"^ROOST_DRAIN_SECONDS=(\d+)", env, re.M)
    check("unit stops with SIGTERM", re.search(r"^KillSignal=SIGTERM$", unit, re.M) is not None)
    check("unit TimeoutStopSec exceeds the example drain",
          stop is not None and drain is not None and int(stop.group(1)) > int(drain.group(1)) + 5)
    check("unit reads secrets from an EnvironmentFile", "EnvironmentFile=-/etc/roost/secrets.env" in unit)
    check("unit drops privileges", "NoNewPrivileges=yes" in unit and "DynamicUser=yes" in unit)

    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        print("skip  systemd-analyze verify (systemd-analyze is not installed)")
    else:
        # verify wants ExecStart's binary to exist: point it at one that does.
        with tempfile.TemporaryDirectory() as directory:
            copy = os.path.join(directory, "roost.service")
            with open(copy, "w") as f:
                f.write(unit.replace("/usr/local/bin/roost", "/bin/true"))
            run = subprocess.run([analyze, "verify", copy], capture_output=True, text=True)
            # Complaints about the host (no systemd running in a container, unknown users) are not
            # about the unit: only lines naming the unit file count.
            problems = [line for line in (run.stdout + run.stderr).splitlines() if "roost.service" in line]
            check("systemd-analyze verify roost.service", not problems, " | ".join(problems))

    passed = sum(results)
    failed = len(results) - passed
    print(f"ops: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
