"""Trains a small network on CUDA for a while, logging what it sees through the MLflow REST API (no MLflow package needed)."""
import argparse
import json
import os
import time
import urllib.request

import torch


def log(path, body):
    uri = os.environ["MLFLOW_TRACKING_URI"].rstrip("/")
    request = urllib.request.Request(f"{uri}/api/2.0/mlflow/{path}", data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    token = os.environ.get("MLFLOW_TRACKING_TOKEN")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    urllib.request.urlopen(request).read()


parser = argparse.ArgumentParser()
parser.add_argument("--seconds", type=int, default=20)
parser.add_argument("--seed", type=int, default=0)
args = parser.parse_args()

run_id = os.environ["MLFLOW_RUN_ID"]
visible = os.environ.get("CUDA_VISIBLE_DEVICES", "")
count = torch.cuda.device_count()
name = torch.cuda.get_device_name(0) if count else "none"
print(f"CUDA_VISIBLE_DEVICES={visible} device_count={count} device={name}", flush=True)
log("runs/log-batch", {"run_id": run_id, "params": [
    {"key": "cuda_visible_devices", "value": visible or "(empty)"},
    {"key": "device_count", "value": str(count)},
    {"key": "device", "value": name}]})
if count == 0:
    raise SystemExit("no CUDA device visible")

torch.manual_seed(args.seed)
device = torch.device("cuda")
model = torch.nn.Sequential(torch.nn.Linear(1024, 4096), torch.nn.ReLU(), torch.nn.Linear(4096, 10)).to(device)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
x = torch.randn(8192, 1024, device=device)
y = torch.randint(0, 10, (8192,), device=device)
started, step = time.time(), 0
while time.time() - started < args.seconds:
    loss = torch.nn.functional.cross_entropy(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    step += 1
    if step % 200 == 0:
        torch.cuda.synchronize()
        log("runs/log-metric", {"run_id": run_id, "key": "loss", "value": loss.item(), "timestamp": int(time.time() * 1000), "step": step})
print(f"trained {step} steps", flush=True)
