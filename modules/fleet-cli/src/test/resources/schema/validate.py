"""Validates JSON instances against a JSON Schema (draft 2020-12) with the jsonschema package.

usage: validate.py SCHEMA INSTANCE...   prints "valid FILE" or "invalid FILE: MESSAGE" per instance.
"""
import json
import sys

import jsonschema


def main(argv):
    with open(argv[1]) as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in argv[2:]:
        with open(path) as f:
            instance = json.load(f)
        errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
        if errors:
            first = errors[0]
            where = "/".join(str(p) for p in first.absolute_path)
            print(f"invalid {path}: {where}: {first.message[:200]}")
        else:
            print(f"valid {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
