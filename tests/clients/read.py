"""Reads bundle files the way the real clients do, for tests/cli/deployable.rs.

yaml FILE...                     every document of each file through PyYAML's safe loader (YAML 1.1,
                                 as kubectl's reader), printed as one JSON object {file: [documents]}
aws SERVICE OPERATION FILE ...   (triples) each JSON request file validated against the AWS API
                                 model in botocore, the check `aws` runs before it sends anything;
                                 prints one JSON object {file: [problems]}
"""
import json
import sys


def read_yaml(files):
    import yaml

    out = {}
    for name in files:
        with open(name, encoding="utf-8") as f:
            out[name] = list(yaml.safe_load_all(f))
    return out


def check_aws(args):
    import botocore.session
    from botocore.validate import ParamValidator

    session = botocore.session.get_session()
    validator = ParamValidator()
    out = {}
    for service, operation, name in zip(args[0::3], args[1::3], args[2::3]):
        model = session.get_service_model(service).operation_model(operation)
        with open(name, encoding="utf-8") as f:
            params = json.load(f)
        report = validator.validate(params, model.input_shape)
        out[name] = [report.generate_report()] if report.has_errors() else []
    return out


if __name__ == "__main__":
    mode, rest = sys.argv[1], sys.argv[2:]
    result = read_yaml(rest) if mode == "yaml" else check_aws(rest)
    json.dump(result, sys.stdout, default=str)
