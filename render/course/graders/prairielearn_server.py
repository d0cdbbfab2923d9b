"""PrairieLearn v3 server.py: a variant from the bank in serverFilesQuestion/bank.json, graded step by step.

Standard library only. generate() picks the bank entry by the variant seed; grade() gives each item its
point (a step wrong only through a known mistake's earlier numbers keeps it) and names the mistake.
"""

import json
import os

# The emitter pastes grading.py here, so the question folder needs no other module.
from grading import grade as grade_items

BANK = os.path.join("serverFilesQuestion", "bank.json")


def _bank(data):
    folder = (data.get("options") or {}).get("question_path") or os.path.dirname(os.path.abspath(globals().get("__file__", "server.py")))
    with open(os.path.join(folder, BANK), encoding="utf-8") as stream:
        return json.load(stream)


def _names(record):
    """answers-name of every input: one per number, one per cell of a map (z_0_1 is z's row 0, column 1)."""
    names = {}
    for key in record["items"]:
        value = record["right"][key]
        if isinstance(value, list):
            names[key] = [f"{key}_{i}_{j}" for i in range(len(value)) for j in range(len(value[0]))]
        else:
            names[key] = [key]
    return names


def _seed(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return sum(ord(ch) * 31**x for x, ch in enumerate(str(value)))


def generate(data):
    """data["params"]: the variant's numbers as table rows; data["correct_answers"]: every input's right value."""
    bank = _bank(data)
    index = _seed(data.get("variant_seed", 0)) % len(bank["variants"])
    variant = bank["variants"][index]
    data.setdefault("params", {}).update(variant["params"])
    data.setdefault("correct_answers", {})
    data["params"]["index"] = index
    record = variant["record"]
    for key, names in _names(record).items():
        value = record["right"][key]
        flat = [x for row in value for x in row] if isinstance(value, list) else [value]
        for name, x in zip(names, flat):
            data["correct_answers"][name] = x


def grade(data):
    """data["partial_scores"] per input, data["score"] and data["feedback"] (the known mistake, when one fits)."""
    bank = _bank(data)
    record = bank["variants"][data["params"]["index"]]["record"]
    submitted = data.get("submitted_answers") or {}
    names = _names(record)
    answers = {}
    for key, cells in names.items():
        values = [submitted.get(name) for name in cells]
        if any(not isinstance(x, (int, float)) or isinstance(x, bool) for x in values):
            continue  # blank or unparsed: graded as missing
        right = record["right"][key]
        answers[key] = [values[i * len(right) : (i + 1) * len(right)] for i in range(len(right))] if isinstance(right, list) else values[0]
    results = grade_items(record, answers, bank["tolerance"])
    data.setdefault("partial_scores", {})
    data.setdefault("feedback", {})
    for key, test in zip(record["items"], results["tests"]):
        for name in names[key]:
            data["partial_scores"][name] = {"score": test["score"] / test["max_score"], "weight": 1.0 / len(names[key]),
                                            "feedback": test["output"]}
    total = sum(test["max_score"] for test in results["tests"])
    data["score"] = results["score"] / total
    data["feedback"]["summary"] = results["output"]
    data["feedback"]["mistake"] = next((t["output"] for t in results["tests"] if "known mistake" in t["output"]), "")
