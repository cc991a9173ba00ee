"""Parses a Prometheus or OpenMetrics exposition from stdin with the reference Python client and prints it as JSON.

Usage: python3 parse_exposition.py prometheus|openmetrics < scrape.txt
Output: {family: {type, help, samples: [{name, labels, value}]}}; a parse error exits 1 with the error on stderr.
"""
import json
import math
import sys


def main():
    fmt = sys.argv[1]
    text = sys.stdin.read()
    if fmt == "openmetrics":
        from prometheus_client.openmetrics.parser import text_string_to_metric_families
    else:
        from prometheus_client.parser import text_string_to_metric_families
    families = {}
    try:
        for family in text_string_to_metric_families(text):
            samples = []
            for sample in family.samples:
                value = sample.value if math.isfinite(sample.value) else str(sample.value)
                samples.append({"name": sample.name, "labels": dict(sample.labels), "value": value})
            families[family.name] = {"type": family.type, "help": family.documentation, "samples": samples}
    except Exception as error:  # the parser raises ValueError and friends; report any of them
        print("parse error: %s" % error, file=sys.stderr)
        sys.exit(1)
    json.dump(families, sys.stdout)


if __name__ == "__main__":
    main()
