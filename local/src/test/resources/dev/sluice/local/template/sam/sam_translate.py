"""Translates SAM templates with aws-sam-translator; prints the CloudFormation templates as JSON.

stdin: a JSON list of {"template": {...}, "parameters": {...}}; stdout: a JSON list of the translated templates, or
{"error": "..."} for a template the translator refuses. CodeUri strings that are local paths become
s3://hot-reload/<path>, the form the local cloud gives local code (so version ids hash the same data).
"""
import json
import os
import sys

os.environ["AWS_DEFAULT_REGION"] = "us-east-1"  # the region the local cloud defaults to; no AWS call is made

from samtranslator.model.exceptions import InvalidDocumentException  # noqa: E402
from samtranslator.translator.transform import transform  # noqa: E402


class ManagedPolicies:
    """Names SAM's bundled map does not know map to arn:aws:iam::aws:policy/<name> (no IAM call)."""

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


def translate(template, parameters):
    local_code(template.get("Globals", {}).get("Function", {}))
    for resource in template.get("Resources", {}).values():
        if resource.get("Type") == "AWS::Serverless::Function":
            local_code(resource.setdefault("Properties", {}))
    try:
        return transform(template, parameters, ManagedPolicies())
    except InvalidDocumentException as e:
        return {"error": "; ".join(cause.message for cause in e.causes)}


json.dump([translate(job["template"], job.get("parameters", {})) for job in json.load(sys.stdin)], sys.stdout)
