"""Translates a SAM template (JSON on stdin) with aws-sam-translator; prints the CloudFormation template as JSON.

argv[1]: JSON object of parameter values. CodeUri strings that are local paths become s3://hot-reload/<path>.
"""
import json
import os
import sys

os.environ["AWS_DEFAULT_REGION"] = "us-east-1"  # the region the local cloud defaults to; no AWS call is made

from samtranslator.translator.transform import transform


class ManagedPolicies:
    """Every AWS managed policy name maps to its ARN (no IAM call)."""

    def load(self):
        return AnyPolicy()


class AnyPolicy(dict):
    def __missing__(self, name):
        return "arn:aws:iam::aws:policy/" + name

    def get(self, name, default=None):
        return self[name]

    def __contains__(self, name):
        return True


def local_code(properties):
    uri = properties.get("CodeUri") if isinstance(properties, dict) else None
    if isinstance(uri, str) and not uri.startswith("s3://"):
        properties["CodeUri"] = "s3://hot-reload/" + uri


template = json.load(sys.stdin)
local_code(template.get("Globals", {}).get("Function", {}))
for resource in template.get("Resources", {}).values():
    if resource.get("Type") == "AWS::Serverless::Function":
        local_code(resource.setdefault("Properties", {}))
parameters = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
json.dump(transform(template, parameters, ManagedPolicies()), sys.stdout, indent=1, sort_keys=True)
