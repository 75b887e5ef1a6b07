"""The second candidate: logistic regression in plain Python, logged like any MLflow script.

It knows nothing of Slipway: the step's environment carries MLFLOW_TRACKING_URI, MLFLOW_RUN_ID and (on a server that
requires sign-in) MLFLOW_TRACKING_TOKEN, so `mlflow.start_run()` logs into the step's own run. Where the mlflow package
is not installed, the few REST calls it would make are made directly (the same API, /api/2.0/mlflow).
"""
import argparse
import csv
import json
import math
import os
import struct
import time
import urllib.request

try:
    import mlflow
except ImportError:
    mlflow = None


class RestTracking:
    """The MLflow calls this script needs, over the MLflow REST API, configured from the same variables mlflow reads."""

    def __init__(self):
        self.uri = os.environ["MLFLOW_TRACKING_URI"].rstrip("/")
        self.run_id = os.environ["MLFLOW_RUN_ID"]
        self.token = os.environ.get("MLFLOW_TRACKING_TOKEN")

    def _post(self, path, body):
        request = urllib.request.Request(f"{self.uri}/api/2.0/mlflow/{path}", data=json.dumps(body).encode(), method="POST",
                                         headers={"Content-Type": "application/json"})
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        with urllib.request.urlopen(request) as response:
            response.read()

    def log_params(self, params):
        self._post("runs/log-batch", {"run_id": self.run_id, "params": [{"key": k, "value": str(v)} for k, v in params.items()]})

    def log_metric(self, key, value, step=0):
        self._post("runs/log-metric", {"run_id": self.run_id, "key": key, "value": value, "timestamp": int(time.time() * 1000), "step": step})


def _varint(n):
    out = bytearray()
    while True:
        low, n = n & 0x7F, n >> 7
        out.append(low | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _field(number, payload):
    """A length-delimited protobuf field (wire type 2)."""
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def _int(number, value):
    """A varint protobuf field (wire type 0)."""
    return _varint(number << 3) + _varint(value)


def _text(number, value):
    return _field(number, value.encode())


def onnx_model(means, stds, weights, bias):
    """The model as ONNX, written field by field in the ONNX protobuf schema so no onnx package is needed:
    probability = sigmoid(((features - means) / stds) . weights + bias), features FP32 [batch, k]."""
    k = len(weights)

    def tensor(name, dims, values):
        return b"".join(_int(1, d) for d in dims) + _int(2, 1) + _text(8, name) + _field(9, struct.pack(f"<{len(values)}f", *values))

    def node(op, inputs, output):
        return b"".join(_text(1, i) for i in inputs) + _text(2, output) + _text(3, output) + _text(4, op)

    def value(name, width):
        dims = _field(1, _text(2, "batch")) + _field(1, _int(1, width))
        return _text(1, name) + _field(2, _field(1, _int(1, 1) + _field(2, dims)))

    graph = b"".join(_field(1, n) for n in [
        node("Sub", ["features", "means"], "centred"),
        node("Div", ["centred", "stds"], "scaled"),
        node("MatMul", ["scaled", "weights"], "product"),
        node("Add", ["product", "bias"], "logit"),
        node("Sigmoid", ["logit"], "probability"),
    ]) + _text(2, "churn_logistic_regression") + b"".join(_field(5, t) for t in [
        tensor("means", [k], means), tensor("stds", [k], stds), tensor("weights", [k, 1], weights), tensor("bias", [1], [bias]),
    ]) + _field(11, value("features", k)) + _field(12, value("probability", 1))
    return _int(1, 8) + _text(2, "slipway-churn-example") + _field(7, graph) + _field(8, _text(1, "") + _int(2, 13))


def load(path):
    rows = list(csv.DictReader(open(path)))
    features = ["tenure_months", "monthly_charges", "support_calls", "contract_monthly", "contract_yearly"]
    x, y, ids = [], [], []
    for row in rows:
        x.append([float(row["tenure_months"]), float(row["monthly_charges"]), float(row["support_calls"]),
                  1.0 if row["contract"] == "monthly" else 0.0, 1.0 if row["contract"] == "yearly" else 0.0])
        y.append(int(row["churned"]))
        ids.append(int(row["customer_id"]))
    return features, x, y, ids


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True, help="the dataset input directory (holds churn.csv)")
    parser.add_argument("--out", required=True, help="where to write the model")
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--epochs", type=int, default=200)
    args = parser.parse_args()

    features, x, y, ids = load(os.path.join(args.data, "churn.csv"))
    # The same holdout as the .NET steps: every fifth customer.
    train = [i for i in range(len(x)) if ids[i] % 5 != 0]
    test = [i for i in range(len(x)) if ids[i] % 5 == 0]
    means = [sum(x[i][j] for i in train) / len(train) for j in range(len(features))]
    stds = [max(1e-9, math.sqrt(sum((x[i][j] - means[j]) ** 2 for i in train) / len(train))) for j in range(len(features))]
    z = [[(row[j] - means[j]) / stds[j] for j in range(len(features))] for row in x]

    tracking = mlflow if mlflow is not None else RestTracking()
    if mlflow is not None:
        mlflow.start_run(run_id=os.environ["MLFLOW_RUN_ID"])
    tracking.log_params({"model": "logistic-regression (python)", "lr": args.lr, "epochs": args.epochs})

    weights, bias = [0.0] * len(features), 0.0
    for epoch in range(args.epochs):
        grad_w, grad_b, loss = [0.0] * len(features), 0.0, 0.0
        for i in train:
            p = 1 / (1 + math.exp(-(sum(w * v for w, v in zip(weights, z[i])) + bias)))
            loss -= math.log(max(1e-12, p if y[i] else 1 - p))
            for j in range(len(features)):
                grad_w[j] += (p - y[i]) * z[i][j]
            grad_b += p - y[i]
        weights = [w - args.lr * g / len(train) for w, g in zip(weights, grad_w)]
        bias -= args.lr * grad_b / len(train)
        if epoch % 20 == 0 or epoch == args.epochs - 1:
            tracking.log_metric("log_loss", loss / len(train), step=epoch)

    correct = sum(1 for i in test if (sum(w * v for w, v in zip(weights, z[i])) + bias > 0) == bool(y[i]))
    accuracy = correct / len(test)
    tracking.log_metric("accuracy", accuracy)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "model.json"), "w") as out:
        json.dump({"kind": "logistic-regression", "features": features, "means": means, "stds": stds,
                   "weights": weights, "bias": bias}, out, indent=2)
    # The servable form: ONNX with an MLmodel descriptor in MLflow's layout (the onnx flavor), whose feature_columns
    # say which column goes to which position of the features input.
    with open(os.path.join(args.out, "model.onnx"), "wb") as out:
        out.write(onnx_model(means, stds, weights, bias))
    with open(os.path.join(args.out, "MLmodel"), "w") as out:
        out.write("flavors:\n  onnx:\n    data: model.onnx\n    feature_columns: [" + ", ".join(features) + "]\n")
    if mlflow is not None:
        mlflow.end_run()
    print(f"python logistic regression: holdout accuracy {accuracy:.4f} over {len(test)} customers")


if __name__ == "__main__":
    main()
