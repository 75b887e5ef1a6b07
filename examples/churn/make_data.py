"""Writes data/churn.csv: 2,000 synthetic telecom customers, the same every time (seeded)."""
import csv
import math
import random

random.seed(7)
with open("data/churn.csv", "w", newline="") as out:
    writer = csv.writer(out)
    writer.writerow(["customer_id", "tenure_months", "monthly_charges", "support_calls", "contract", "churned"])
    for customer in range(1, 2001):
        tenure = random.randint(1, 72)
        charges = round(random.uniform(20, 120), 2)
        calls = min(10, int(random.expovariate(0.6)))
        contract = random.choice(["monthly", "monthly", "yearly", "two-year"])
        score = -1.2 - 0.045 * tenure + 0.022 * charges + 0.35 * calls + (0.9 if contract == "monthly" else -0.8)
        churned = 1 if random.random() < 1 / (1 + math.exp(-score)) else 0
        writer.writerow([customer, tenure, f"{charges:.2f}", calls, contract, churned])
